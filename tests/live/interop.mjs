// A plain Yjs client (yjs + y-websocket, no Stormpad code) joins a live board, prints the
// texts of its stickies as JSON, adds one sticky the way the README's layout says, and leaves.
// Usage: node interop.mjs SERVER_URL ROOM SECRET NEW_ID NEW_TEXT
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const [server, room, secret, id, text] = process.argv.slice(2)
const doc = new Y.Doc()
const provider = new WebsocketProvider(server, room, doc, {
  WebSocketPolyfill: WebSocket,
  params: { secret },
  disableBc: true
})
const fail = setTimeout(() => { console.error('no sync within 20 s'); process.exit(1) }, 20000)
provider.on('sync', synced => {
  if (!synced) return
  clearTimeout(fail)
  const stickies = doc.getMap('stickies')
  const texts = [...stickies.values()].map(s => s.get('text').toString()).sort()
  console.log(JSON.stringify(texts))
  doc.transact(() => {
    const sticky = new Y.Map()
    sticky.set('kind', 'DomainEvent')
    sticky.set('text', new Y.Text(text))
    sticky.set('pos', [400, 80])
    stickies.set(id, sticky)
  })
  setTimeout(() => { provider.destroy(); process.exit(0) }, 500)
})
