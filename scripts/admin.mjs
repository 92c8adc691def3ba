// `npm run admin -- <command> [options]`: create feeds and API tokens in local (default) or remote D1.
import { parseArgs } from "node:util";
import { applyMigrations, executeSql, sqlValue } from "./lib/d1.mjs";
import { insertFeedSql, insertTokenSql, newApiToken } from "./lib/records.mjs";

const USAGE = `Usage: npm run admin -- <command> [--remote]

Commands:
  create-feed  --slug news --title "News" [--description …] [--home-page-url https://…] [--language en]
  create-token --label "CMS" [--role read|write|admin] [--feed news --feed sport] [--expires-days 90]
               (no --feed: the token may use every feed)
  revoke-token --id <token id> | --label "CMS"
  list         feeds and tokens (never the secrets)

Once an admin token exists, the API manages tokens too: POST/GET /v1/tokens, DELETE /v1/tokens/:id.

--remote targets the D1 database on Cloudflare instead of the local one (run migrations first).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    remote: { type: "boolean", default: false },
    slug: { type: "string" },
    title: { type: "string" },
    description: { type: "string" },
    "home-page-url": { type: "string" },
    language: { type: "string" },
    label: { type: "string" },
    id: { type: "string" },
    role: { type: "string", default: "write" },
    feed: { type: "string", multiple: true, default: [] },
    "expires-days": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

const remote = values.remote;
const command = positionals[0];

function fail(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

if (values.help || !command) {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}
if (!remote) applyMigrations();

switch (command) {
  case "create-feed": {
    if (!values.slug || !/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(values.slug))
      fail("--slug: 1-64 of a-z, 0-9, -");
    if (!values.title) fail("--title is required");
    executeSql(
      insertFeedSql({
        slug: values.slug,
        title: values.title,
        description: values.description,
        homePageUrl: values["home-page-url"],
        language: values.language,
      }),
      { remote },
    );
    console.log(`Feed "${values.slug}" is ready: /feeds/${values.slug}/rss.xml, atom.xml, feed.json`);
    break;
  }
  case "create-token": {
    if (!values.label) fail("--label is required");
    if (!["read", "write", "admin"].includes(values.role)) fail("--role must be read, write or admin");
    const days = values["expires-days"] ? Number(values["expires-days"]) : null;
    if (days !== null && !(days > 0)) fail("--expires-days must be a positive number");
    const token = newApiToken();
    const expiresAt = days ? Date.now() + days * 86_400_000 : null;
    executeSql(
      insertTokenSql({ token, label: values.label, role: values.role, feeds: values.feed, expiresAt }),
      {
        remote,
      },
    );
    console.log(
      `Token "${values.label}" (${values.role}, ${values.feed.length ? values.feed.join(", ") : "all feeds"}).`,
    );
    console.log("It is shown only now; Ferry keeps only its SHA-256 hash.");
    console.log(`Publisher token: ${token}`);
    break;
  }
  case "revoke-token": {
    if (!values.id === !values.label) fail("give exactly one of --id and --label");
    const where = values.id ? `public_id = ${sqlValue(values.id)}` : `label = ${sqlValue(values.label)}`;
    executeSql(`UPDATE api_tokens SET revoked_at = ${Date.now()} WHERE ${where} AND revoked_at IS NULL;`, {
      remote,
    });
    console.log(
      values.id ? `Revoked token ${values.id}.` : `Revoked every live token labelled "${values.label}".`,
    );
    break;
  }
  case "list": {
    console.table(executeSql("SELECT slug, title, item_limit FROM feeds ORDER BY slug;", { remote }));
    console.table(
      executeSql(
        `SELECT public_id AS id, label, role, all_feeds, datetime(created_at / 1000, 'unixepoch') AS created,
           datetime(last_used_at / 1000, 'unixepoch') AS last_used, datetime(expires_at / 1000, 'unixepoch') AS expires,
           revoked_at IS NOT NULL AS revoked
         FROM api_tokens ORDER BY api_tokens.id;`,
        { remote },
      ),
    );
    break;
  }
  default:
    fail(`Unknown command ${command}`);
}
