// <kdalite-playground>: the playground in any page, with one
//   <script type="module" src="https://where-kdalite-is-served/embed.js"></script>
// The element's text is the application's SQL; attributes set the source (`generator`,
// `stream`, `seed`, `rate`, `settings`: the page's Source fields), `speed` and `height`
// (pixels). It opens the page in embed mode (`index.html?embed`) in an iframe, with the session
// in the link's fragment as Share makes it, so the visitor's own sessions are left alone.
import { pack } from './session.js';

// The text as written in HTML, without the indentation its lines share.
function dedent(text) {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^\s*/)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

class KdalitePlayground extends HTMLElement {
  async connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const session = { sql: dedent(this.textContent) };
    for (const name of ['generator', 'stream', 'settings']) {
      if (this.hasAttribute(name)) session[name] = this.getAttribute(name);
    }
    for (const name of ['seed', 'rate', 'speed']) {
      if (this.hasAttribute(name)) session[name] = Number(this.getAttribute(name));
    }
    const frame = document.createElement('iframe');
    frame.title = this.getAttribute('title') ?? 'kdalite streaming SQL playground';
    frame.loading = 'lazy';
    frame.style.cssText = `display: block; width: 100%; height: ${Number(this.getAttribute('height')) || 420}px;`
      + ' border: 1px solid #8884; border-radius: 8px;';
    frame.src = new URL(`index.html?embed#s=${await pack(JSON.stringify(session))}`, import.meta.url).href;
    root.append(frame);
  }
}

customElements.define('kdalite-playground', KdalitePlayground);
