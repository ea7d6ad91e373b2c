// The TypeScript SDK's client against the service's /mcp, driven by TypeScriptClientTests.
// Usage: node ts-client.mjs <endpoint> <agent token> <read-only token> <service base URL> <API key>
// Prints one JSON line per step; exits non-zero on an unexpected failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [endpoint, agentToken, readOnlyToken, base, apiKey] = process.argv.slice(2);
const print = (step, value) => console.log(JSON.stringify({ step, ...value }));

async function connect(token) {
  const client = new Client({ name: "ts-sdk-e2e", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

async function inFlight(server) {
  const response = await fetch(`${base}/v1/connections`, { headers: { "X-API-Key": apiKey } });
  const { connections } = await response.json();
  return connections.find((c) => c.name === server).inFlight;
}

const agent = await connect(agentToken);
const { tools } = await agent.listTools();
print("tools", { names: tools.map((t) => t.name), protocolVersion: agent.getServerVersion()?.name });

for (const name of ["everything__echo", "everything-http__echo"]) {
  const result = await agent.callTool({ name, arguments: { message: `hello from ts via ${name}` } });
  print("called", { name, isError: result.isError ?? false, text: result.content.map((c) => c.text).join("") });
}

const readOnly = await connect(readOnlyToken);
try {
  await readOnly.callTool({ name: "add_to_draft", arguments: { clientId: "cursor", profileId: "default", entry: { serverId: "memory" } } });
  print("refused", { refused: false });
} catch (error) {
  print("refused", { refused: true, message: String(error?.message ?? error) });
}

const abort = new AbortController();
const long = agent
  .callTool({ name: "everything__trigger-long-running-operation", arguments: { duration: 300, steps: 1 } }, undefined, { signal: abort.signal, timeout: 600000 })
  .then(() => "completed", (error) => `rejected: ${error?.message ?? error}`);
const until = Date.now() + 60000;
while ((await inFlight("everything")) !== 1) {
  if (Date.now() > until) throw new Error("the long call never reached the server");
  await new Promise((resolve) => setTimeout(resolve, 50));
}
abort.abort("the user cancelled");
print("cancelled", { outcome: await long });

await agent.close();
await readOnly.close();
print("done", {});
