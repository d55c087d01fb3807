// Content-script entry (manifest content_scripts): wiring only, see ./main.ts.
import { start } from './main';

start();
