/** The uniform shape of a content-script feature: one behaviour, one file, id = file name. */
import type { RunContext } from '../context';

export interface Feature<Api = void> {
  id: string;
  init(ctx: RunContext): Api;
}

export function defineFeature<Api = void>(f: Feature<Api>): Feature<Api> {
  return f;
}
