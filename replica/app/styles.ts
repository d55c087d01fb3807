/** The replica's CSS: plain, readable, a little like a diagramming app. */
export const STYLES = `
body { margin: 0; }
.replica { font: 14px/1.4 system-ui, sans-serif; color: #1d2733; min-height: 100vh; background: #f4f6f9; margin: 0; }
.topbar { display: flex; align-items: center; justify-content: space-between; padding: 8px 16px; background: #1d3557; color: #fff; }
.logo { font-size: 18px; margin: 0; letter-spacing: .5px; }
.user-menu { position: relative; }
.user-menu > button { background: #2e4a74; color: #fff; border: 1px solid #4d6a96; border-radius: 4px; padding: 4px 12px; cursor: pointer; }
.menu { position: absolute; right: 0; top: 110%; background: #fff; color: #1d2733; border: 1px solid #ccd4de; border-radius: 6px; box-shadow: 0 6px 20px rgba(0,0,0,.15); display: flex; flex-direction: column; min-width: 140px; z-index: 20; }
.menu [role=menuitem], .menu [role=menuitemradio] { background: none; border: 0; text-align: left; padding: 8px 12px; cursor: pointer; }
.menu [role=menuitem]:hover, .menu [role=menuitemradio]:hover { background: #eef3fa; }
.notice { margin: 8px 16px; color: #50606f; }
.diagrams { padding: 16px; position: relative; }
.diagram { background: #fff repeating-linear-gradient(0deg, transparent 0 23px, #eef1f5 23px 24px), repeating-linear-gradient(90deg, transparent 0 23px, #eef1f5 23px 24px); border: 1px solid #d5dce5; border-radius: 6px; padding: 16px; min-height: 420px; }
.stress-canvas { position: relative; height: 320px; overflow: hidden; }
.stress-node { position: absolute; font-size: 8px; color: #9aa; }
.backdrop { position: fixed; inset: 0; background: rgba(20,30,45,.45); display: flex; align-items: flex-start; justify-content: center; padding-top: 60px; z-index: 10; }
.dialog { background: #fff; border-radius: 8px; padding: 16px 20px; width: min(640px, 92vw); box-shadow: 0 12px 40px rgba(0,0,0,.25); }
.dialog-head { display: flex; justify-content: space-between; align-items: center; }
.keys-page { padding: 16px 24px; background: #fff; margin: 16px; border-radius: 8px; border: 1px solid #d5dce5; }
h2 { margin: 8px 0 12px; font-size: 18px; }
h3 { margin: 4px 0 12px; font-size: 16px; }
table.keys { border-collapse: collapse; width: 100%; margin-bottom: 12px; }
table.keys th, table.keys td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e3e8ee; }
button { font: inherit; border-radius: 4px; border: 1px solid #b8c3d1; background: #fff; padding: 5px 12px; cursor: pointer; }
button.primary { background: #2f6fde; border-color: #2f6fde; color: #fff; }
button:disabled { opacity: .5; cursor: not-allowed; }
.field { display: flex; flex-direction: column; gap: 4px; margin: 0 0 12px; border: 0; padding: 0; }
fieldset.field { border: 1px solid #e3e8ee; border-radius: 6px; padding: 8px 12px; }
.field input[type=text], .field select { padding: 5px 8px; border: 1px solid #b8c3d1; border-radius: 4px; font: inherit; max-width: 360px; }
.label { font-weight: 500; }
.choice { display: block; }
.listbox-button { text-align: left; max-width: 360px; }
.listbox { list-style: none; margin: 0; padding: 4px 0; background: #fff; border: 1px solid #b8c3d1; border-radius: 4px; box-shadow: 0 6px 16px rgba(0,0,0,.15); z-index: 100; font: 14px system-ui, sans-serif; }
.listbox [role=option] { padding: 6px 12px; cursor: pointer; }
.listbox [role=option][aria-selected=true] { background: #e4edfb; }
.listbox [role=option].active { outline: 2px solid #2f6fde; outline-offset: -2px; }
.menu [role=menuitemradio][aria-checked=true]::before { content: "✓ "; }
.switch-row, .level-row { display: flex; align-items: center; justify-content: space-between; max-width: 360px; margin: 2px 0; }
.switch { width: 40px; height: 22px; border-radius: 11px; padding: 2px; background: #c5ced9; border: 0; position: relative; }
.switch[aria-checked=true] { background: #2f6fde; }
.switch .knob { display: block; width: 18px; height: 18px; border-radius: 50%; background: #fff; transition: transform .1s; }
.switch[aria-checked=true] .knob { transform: translateX(18px); }
.actions { display: flex; gap: 8px; }
.error { color: #b3261e; }
.warning { color: #8a5a00; background: #fff6e0; padding: 6px 10px; border-radius: 4px; }
.secret { font-family: ui-monospace, monospace; font-size: 13px; word-break: break-all; }
input.secret { width: 100%; max-width: none !important; }
code.secret { display: block; background: #f1f4f8; padding: 8px; border-radius: 4px; margin-bottom: 12px; }
.loading { color: #50606f; }
.spinner { display: inline-block; width: 12px; height: 12px; border: 2px solid #9fb3cc; border-top-color: #2f6fde; border-radius: 50%; animation: replica-spin .8s linear infinite; vertical-align: -2px; }
@keyframes replica-spin { to { transform: rotate(360deg); } }
.masked-row { display: flex; gap: 6px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
button.danger-link { border: 0; background: none; color: #b3261e; padding: 2px 6px; }
button.danger { background: #b3261e; border-color: #b3261e; color: #fff; }
.row-menu { position: relative; display: inline-block; }
.row-menu .menu { right: 0; }
.confirm-backdrop { z-index: 30; padding-top: 120px; }
.dialog.confirm { width: min(440px, 90vw); }
.tip { margin: 8px 16px; padding: 8px 12px; background: #eef6ff; border: 1px solid #c7dcf5; border-radius: 6px; color: #33475b; }
.tip p { margin: 2px 0; }
.segmented { display: inline-flex; border: 1px solid #b8c3d1; border-radius: 6px; overflow: hidden; max-width: max-content; }
.segmented button { border: 0; border-radius: 0; border-right: 1px solid #b8c3d1; }
.segmented button:last-child { border-right: 0; }
.segmented button[aria-pressed=true] { background: #2f6fde; color: #fff; }
.combo { position: relative; display: flex; align-items: center; max-width: 360px; border: 1px solid #b8c3d1; border-radius: 4px; background: #fff; padding: 2px 6px; cursor: default; }
.combo .value { position: absolute; left: 8px; pointer-events: none; }
.combo input { border: 0; outline: 0; flex: 1; font: inherit; padding: 3px 2px; background: transparent; }
`;
