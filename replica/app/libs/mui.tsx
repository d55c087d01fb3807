/** @jsxImportSource react */
/**
 * `ui=mui`: the keys UI drawn with Material UI (@mui/material). Its Select opens a Menu in a
 * Popover, a second modal layer in a portal that marks the rest of the page aria-hidden (dialog
 * included) while it is open; team access is MUI Switches; the secret is a masked read-only
 * password field with Show and Copy buttons, after a "Generating…" step that unmounts the form.
 * Each row ends with a delete IconButton (a trash icon, `aria-label="Delete"`) opening a second MUI
 * Dialog (`role="dialog"`, its own portal at the end of body) that names the key and its created
 * date, with "Cancel" and "Delete".
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { createTheme, ThemeProvider } from '@mui/material/styles';
import { createSvgIcon } from '@mui/material/utils';
import { useId, useState, type ReactNode } from 'react';
import type { ReplicaKey } from '../model';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

// @mui/icons-material's DeleteIcon, made the way that package makes it (it is not installed here).
const DeleteIcon = createSvgIcon(<path d="M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6zM19 4h-3.5l-1-1h-5l-1 1H5v2h14z" />, 'Delete');

// @mui/utils' visuallyHidden (as MUI's sortable-table demo uses it; @mui/utils is not a direct dependency).
const visuallyHidden = {
  border: 0,
  clipPath: 'inset(50%)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
  // The key the confirmation is about; kept while the dialog fades out after it closes.
  const [target, setTarget] = useState<ReplicaKey | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  // Each opening is a fresh confirmation (no error left from the last one).
  const [confirmCount, setConfirmCount] = useState(0);
  let content;
  let actions;
  if (flow.step === 'list') {
    content = (
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Permission</TableCell>
            <TableCell>Created</TableCell>
            <TableCell align="right">
              <Box component="span" sx={visuallyHidden}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {flow.keys.map((k, i) => (
            <TableRow key={`${k.name}-${i}`}>
              <TableCell>{k.name}</TableCell>
              <TableCell>{texts.options[k.permission]}</TableCell>
              <TableCell>{shortDate(k.createdAt)}</TableCell>
              <TableCell align="right" padding="none">
                <IconButton
                  aria-label="Delete"
                  size="small"
                  onClick={() => {
                    setTarget(k);
                    setConfirmOpen(true);
                    setConfirmCount((n) => n + 1);
                  }}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
    actions = (
      <>
        <Button onClick={flow.close}>Close</Button>
        <Button variant="contained" onClick={flow.startCreate}>
          Create API key
        </Button>
      </>
    );
  } else if (flow.step === 'create') {
    content = (
      <Box component="form" id={`${id}-form`} sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: 1 }} onSubmit={(e) => (e.preventDefault(), void flow.save())}>
        <Typography variant="subtitle1" component="h3">
          {texts.formTitle}
        </Typography>
        <TextField label={texts.nameLabel} value={flow.form.name} onChange={(e) => flow.setName(e.target.value)} autoComplete="off" size="small" />
        <FormControl size="small">
          <InputLabel id={`${id}-perm-label`}>{texts.permissionLabel}</InputLabel>
          <Select
            labelId={`${id}-perm-label`}
            label={texts.permissionLabel}
            value={flow.form.permission}
            onChange={(e) => flow.setPermission(e.target.value as Permission)}
          >
            <MenuItem value="read">{texts.options.read}</MenuItem>
            <MenuItem value="read-write">{texts.options['read-write']}</MenuItem>
          </Select>
        </FormControl>
        <FormControl component="fieldset">
          <FormLabel component="legend">{texts.teamsLabel}</FormLabel>
          <FormGroup>
            {TEAMS.map((team) => (
              <FormControlLabel
                key={team}
                label={team}
                control={<Switch checked={flow.form.teams[team] !== 'none'} onChange={(e) => flow.setTeam(team, e.target.checked ? 'read' : 'none')} />}
              />
            ))}
          </FormGroup>
        </FormControl>
        {flow.error && <Alert severity="error">{flow.error}</Alert>}
      </Box>
    );
    actions = (
      <>
        <Button onClick={flow.cancel}>Cancel</Button>
        <Button variant="contained" type="submit" form={`${id}-form`} disabled={!flow.canSave}>
          {texts.save}
        </Button>
      </>
    );
  } else if (flow.step === 'generating') {
    content = (
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 3 }}>
        <CircularProgress size={24} />
        <Typography>{texts.generating}</Typography>
      </Box>
    );
  } else {
    content = <SecretView flow={flow} texts={texts} />;
    actions = (
      <Button variant="contained" onClick={flow.done}>
        {texts.done}
      </Button>
    );
  }
  return (
    <>
      <Dialog open={flow.open} onClose={flow.close} fullWidth maxWidth="sm" aria-labelledby={`${id}-title`}>
        <DialogTitle id={`${id}-title`}>API keys</DialogTitle>
        <DialogContent>{content}</DialogContent>
        {actions && <DialogActions>{actions}</DialogActions>}
        <Typography variant="caption" sx={{ px: 3, pb: 1, color: 'text.secondary' }}>
          {texts.library}
        </Typography>
      </Dialog>
      {target && <ConfirmDelete key={confirmCount} target={target} open={confirmOpen && flow.open} flow={flow} onClose={() => setConfirmOpen(false)} />}
    </>
  );
}

/**
 * The confirmation, as MUI's "Alerts" dialog demo: a Dialog labelled by its DialogTitle and
 * described by DialogContentText, "Cancel" (focused) and "Delete" (color error). Escape, a click on
 * the backdrop or "Cancel" keeps the key; "Delete" deletes it and closes, or shows the server's error.
 */
function ConfirmDelete(props: { target: ReplicaKey; open: boolean; flow: KeysUiProps['flow']; onClose(): void }) {
  const id = useId();
  const { busy, error, remove } = useRemoval(props.flow);
  const { target } = props;
  const confirm = () => {
    remove(target, props.onClose);
  };
  return (
    <Dialog open={props.open} onClose={() => !busy && props.onClose()} aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
      <DialogTitle id={`${id}-title`}>Delete API key?</DialogTitle>
      <DialogContent>
        <DialogContentText id={`${id}-desc`}>
          “{target.name}” (created {shortDate(target.createdAt)}) stops working at once. This cannot be undone.
        </DialogContentText>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy} autoFocus>
          Cancel
        </Button>
        <Button color="error" variant="contained" onClick={confirm} disabled={busy}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The secret, masked, with Show and Copy (state starts afresh for every key). */
function SecretView({ flow, texts }: KeysUiProps) {
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState(false);
  if (flow.variant.secret === 'none') return <Typography>The key was created.</Typography>;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: 1 }}>
      <Typography variant="subtitle1" component="h3">
        {texts.secretTitle}
      </Typography>
      <Alert severity="warning">{texts.secretNote}</Alert>
      <TextField
        label="Secret"
        type={revealed ? 'text' : 'password'}
        value={flow.secret ?? ''}
        size="small"
        slotProps={{
          htmlInput: { readOnly: true },
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton aria-label={revealed ? 'Hide key' : 'Show key'} onClick={() => setRevealed((r) => !r)} edge="end">
                  <span aria-hidden="true">{revealed ? '🙈' : '👁'}</span>
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      <Button variant="outlined" onClick={() => void navigator.clipboard?.writeText(flow.secret ?? '').then(() => setCopied(true), () => undefined)}>
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </Box>
  );
}

// Buttons in sentence case, as many apps configure MUI (its default upper-cases them, and Chromium
// then gives them upper-case accessible names).
const theme = createTheme({ typography: { button: { textTransform: 'none' } } });
const Provider = ({ children }: { children: ReactNode }) => <ThemeProvider theme={theme}>{children}</ThemeProvider>;

export default { KeysUi, Provider } satisfies LibraryModule;
