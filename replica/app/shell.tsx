/** @jsxImportSource react */
/**
 * The parts of Cloudcraft's app shell every replica draws, whoever draws the API keys UI: the top
 * bar with its "User" menu (User > API keys), the diagram canvas, and the `decoy=1` banner.
 */
import { useEffect, useRef, useState } from 'react';

/**
 * The top bar: h1 "Cloudcraft" and a "User" menu button (`aria-haspopup="menu"`) opening a
 * `role="menu"` with "Account", "API keys" and "Sign out". Escape or a pointer down outside closes
 * it; `onApiKeys` runs for "API keys". `focusRef` receives the "User" button (focus returns there
 * when the keys UI closes).
 */
export function TopBar(props: { onApiKeys(): void; focusRef?: { current: HTMLButtonElement | null } }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const ownRef = useRef<HTMLButtonElement>(null);
  const userButton = props.focusRef ?? ownRef;

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setMenuOpen(false);
        userButton.current?.focus();
      }
    };
    const onDown = (e: MouseEvent) => {
      const t = e.target as Element | null;
      if (!t?.closest?.('.user-menu')) setMenuOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [menuOpen, userButton]);

  return (
    <>
      <header className="topbar">
        <h1 className="logo">Cloudcraft</h1>
        <nav className="user-menu">
          <button
            ref={userButton}
            type="button"
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            aria-controls={menuOpen ? 'replica-user-menu' : undefined}
            onClick={() => setMenuOpen((o) => !o)}
          >
            User
          </button>
          {menuOpen && (
            <div id="replica-user-menu" role="menu" aria-label="User" className="menu">
              <button type="button" role="menuitem" onClick={() => (setMenuOpen(false), setNotice('Account settings are not part of this replica.'))}>
                Account
              </button>
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setMenuOpen(false);
                  props.onApiKeys();
                }}
              >
                API keys
              </button>
              <button type="button" role="menuitem" onClick={() => (setMenuOpen(false), setNotice('Signed out (not really).'))}>
                Sign out
              </button>
            </div>
          )}
        </nav>
      </header>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </>
  );
}

/** The diagram canvas behind the keys UI (static SVG boxes). */
export function Diagram() {
  const boxes = [
    { x: 40, y: 40, label: 'ALB' },
    { x: 220, y: 40, label: 'EC2 web-1' },
    { x: 220, y: 150, label: 'EC2 web-2' },
    { x: 400, y: 95, label: 'RDS' },
    { x: 580, y: 95, label: 'S3 backups' },
  ];
  return (
    <div className="diagram" aria-label="Diagram canvas" role="img">
      <svg viewBox="0 0 720 240" width="100%" height="240">
        <line x1="120" y1="60" x2="220" y2="60" stroke="#7a8ca3" />
        <line x1="120" y1="60" x2="220" y2="170" stroke="#7a8ca3" />
        <line x1="300" y1="60" x2="400" y2="115" stroke="#7a8ca3" />
        <line x1="300" y1="170" x2="400" y2="115" stroke="#7a8ca3" />
        <line x1="480" y1="115" x2="580" y2="115" stroke="#7a8ca3" />
        {boxes.map((b) => (
          <g key={b.label}>
            <rect x={b.x} y={b.y} width="80" height="40" rx="6" fill="#e8f0fb" stroke="#3b6fb6" />
            <text x={b.x + 40} y={b.y + 25} textAnchor="middle" fontSize="11" fill="#1d3557">
              {b.label}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

/** The ordinary word the `decoy=1` banner puts next to its sentence (a capture that takes it is wrong). */
export const DECOY_WORD = 'Production';

/**
 * `decoy=1`: a visible tip on the page, there before any Save, whose sentence reads like a secret
 * note ("make sure to copy … it will not be shown again") next to an ordinary word in a <code>.
 * A capture that anchors on phrases anywhere on the page takes that word for the key.
 */
export function DecoyBanner() {
  return (
    <aside className="tip" aria-label="Tip">
      <p>Tip: make sure to copy the share link of a diagram before you close it. It will not be shown again.</p>
      <p>
        Current environment: <code>{DECOY_WORD}</code>
      </p>
    </aside>
  );
}
