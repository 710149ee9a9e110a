// A playground session packed for a link's fragment (`#s=…`): JSON, deflated by the browser's
// own CompressionStream, in URL-safe base64. The page (src/ui/share.rs) and the
// <kdalite-playground> element (embed.js) both use it.
function toBase64Url(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(packed) {
  const b64 = packed.replace(/-/g, '+').replace(/_/g, '/');
  const text = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export async function pack(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

export async function unpack(packed) {
  const stream = new Blob([fromBase64Url(packed)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return await new Response(stream).text();
}
