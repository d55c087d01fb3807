/**
 * The one small interface every control driver implements. A driver knows how a kind of control
 * works (the WAI-ARIA Authoring Practices pattern it follows: roles, states, keys, where its popup
 * is), never what it is for: no Cloudcraft text or label lives in controls/ (that is page/).
 */

/** Controls that pick one value out of several. */
export type ChoiceKind = 'native-select' | 'radio-group' | 'segmented' | 'listbox-button' | 'combobox' | 'menu-button';
/** Controls that are on or off. */
export type ToggleKind = 'checkbox' | 'switch';
export type ControlKind = ChoiceKind | ToggleKind;

/** One option a choice control offers. */
export interface ControlOption {
  /** What the user reads: the option's accessible name (its text, or aria-label). */
  text: string;
  /** Selected or checked now (aria-selected / aria-checked / aria-pressed / checked). */
  selected: boolean;
  disabled: boolean;
  /** Position in the control's option list (0-based). */
  index: number;
  /** The option's element (a native <option>, a radio, a role=option or menu item). */
  el: Element;
}

/** What a driver may need from its caller while it sends events. */
export interface DriveIo {
  signal?: AbortSignal;
  /**
   * Called right before every event the driver sends; throws to stop (the caller's form-identity
   * guard: the form it was asked to fill is gone). The error propagates out of the driver.
   */
  beforeWrite?: () => void;
  /** ms to wait for a popup to open or a choice to show; default 1500. */
  timeoutMs?: number;
}

interface ControlBase {
  /** The element that carries the control's role and accessible name (a group for radios). */
  readonly el: Element;
  /** Disabled or read-only (`disabled`, `aria-disabled="true"`, `readonly`, `aria-readonly="true"`). */
  disabled(): boolean;
}

export interface ChoiceControl extends ControlBase {
  readonly kind: ChoiceKind;
  /**
   * The options, in order. A control with a popup (listbox, menu) opens it to read them and leaves
   * it open for `choose` or `close`.
   * @throws ControlError 'not-opened' when the popup does not open by pointer or keyboard.
   */
  options(io?: DriveIo): Promise<ControlOption[]>;
  /**
   * Chooses `option` (from `options`) as a user would: a real pointer click first, then the
   * keyboard (arrows to make it the active option, Enter). Resolves once the control shows a new
   * value or its popup closed; the caller reads the value back to verify.
   * @throws ControlError 'not-chosen' when neither way registered.
   */
  choose(option: ControlOption, io?: DriveIo): Promise<void>;
  /**
   * The options without opening anything: the inline kinds (native select, radio group, segmented)
   * list theirs; popup kinds answer null (their options exist only while open).
   */
  peek(): ControlOption[] | null;
  /** The current value's text, read from the control itself; null when it shows none. */
  value(): string | null;
  /**
   * The value a library keeps in a hidden native <input> or <select> next to the control (often
   * an internal value like "read-write"), or null.
   */
  hiddenValue(): string | null;
  /** Closes the popup if it is open (Escape, as the APG patterns define). */
  close(io?: DriveIo): Promise<void>;
}

export interface ToggleControl extends ControlBase {
  readonly kind: ToggleKind;
  /** On or off; null when mixed or unreadable. */
  checked(): boolean | null;
  /** Flips it as a user would (a real click; Space on a non-native one if the click did nothing). */
  toggle(io?: DriveIo): Promise<void>;
}

export type Control = ChoiceControl | ToggleControl;

export const isChoice = (c: Control): c is ChoiceControl => c.kind !== 'checkbox' && c.kind !== 'switch';

/** A driver: recognises its kind of control from a candidate element. */
export interface ControlDriver {
  readonly kind: ControlKind;
  /**
   * The control `el` is, or null when `el` is not this kind (or not a control at all: hidden,
   * `aria-hidden`, a library's internal native input).
   */
  detect(el: Element): Control | null;
}

export type ControlErrorReason = 'not-opened' | 'not-chosen';

/** A control that did not respond; `message` says what was tried, in words for developers and logs. */
export class ControlError extends Error {
  constructor(
    readonly reason: ControlErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
