/**
 * The metadata a stored key carries, and its caps: one definition for the capture message
 * (`keys.capture`, shared/schemas.ts) and the stored record (background/vault/records.ts), so what
 * passes the message's check is always what the vault can store (a capture refused only at storage
 * would lose its key). Caps: a key name and a team name 200 characters, at most `MAX_TEAMS` teams
 * (as a template: shared/templates.ts), a template id 128 characters, a template label 200.
 * With those caps a record's metadata stays under ~11 KB.
 */
import * as v from 'valibot';
import { MAX_TEAMS, PERMISSIONS } from './templates';

/**
 * A stored key's team access: a level, or `on` where Cloudcraft's page offers only on/off for the
 * team (the key records what the page saved, not what a template wished).
 */
export const TEAM_ACCESS = ['read', 'read-write', 'on'] as const;
export type TeamAccess = (typeof TEAM_ACCESS)[number];

/** Characters of a key's note ("used by: deploy pipeline"). */
export const MAX_NOTE = 500;

/** Characters of a key name, a team name and a template label. */
export const MAX_META_TEXT = 200;
/** Characters of a template id in a record. */
export const MAX_TEMPLATE_ID = 128;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max, `at most ${max} characters`));

/**
 * Teams a stored record may list: the first format allowed 200, and a record written then must go
 * on opening (nothing stored is lost to a tighter cap). New metadata is capped at `MAX_TEAMS`
 * (RecordMetaEntries) before it is stored.
 */
export const STORED_MAX_TEAMS = 200;
const Teams = (max: number) => v.pipe(v.array(v.object({ team: Text(MAX_META_TEXT), access: v.picklist(TEAM_ACCESS) })), v.maxLength(max, `at most ${max} teams`));

export const RecordMetaEntries = {
  name: Text(MAX_META_TEXT),
  permission: v.picklist(PERMISSIONS),
  teams: Teams(MAX_TEAMS),
  templateId: v.nullable(Text(MAX_TEMPLATE_ID)),
  templateLabel: v.nullable(Text(MAX_META_TEXT)),
};

/** A stored record's metadata: RecordMetaEntries, with the teams cap records were first written under. */
export const StoredMetaEntries = { ...RecordMetaEntries, teams: Teams(STORED_MAX_TEAMS) };

/** The metadata of a new record (a capture), capped as a capture message is. */
export const NewRecordMeta = v.object(RecordMetaEntries);
