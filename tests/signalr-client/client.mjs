// A real @microsoft/signalr client, as an outside tool would use the hub.
// usage: node client.mjs <hub url> [api key]
// Prints "connected" once connected, then one line "AlertRaised <json>" for the first alert, and exits 0.
// Without a key (or with a refused one) it prints "refused: <reason>" and exits 3. Gives up after 60 s (exit 2).
// If the server closes the connection (e.g. its key was revoked) it prints "closed: <reason>" and exits 4.
import * as signalR from "@microsoft/signalr";

const [url, key] = process.argv.slice(2);
const connection = new signalR.HubConnectionBuilder()
  .withUrl(url, key ? { accessTokenFactory: () => key } : {})
  .configureLogging(signalR.LogLevel.Warning)
  .build();

let stopping = false;
connection.on("AlertRaised", (event) => {
  console.log("AlertRaised " + JSON.stringify(event));
  stopping = true;
  connection.stop().finally(() => process.exit(0));
});

connection.onclose((error) => {
  if (!stopping) {
    console.log("closed: " + (error?.message ?? "by the server"));
    process.exit(4);
  }
});

setTimeout(() => {
  console.log("timeout: no AlertRaised within 60 s");
  process.exit(2);
}, 60_000);

try {
  await connection.start();
  console.log("connected");
} catch (error) {
  console.log("refused: " + (error?.message ?? error));
  process.exit(3);
}
