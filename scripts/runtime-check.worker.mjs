// workerd's entry to scripts/runtime-check.mjs: a module worker whose fetch takes the check's
// configuration as the request body and answers the report. (Kept apart: Bun serves any entry
// module whose default export has a fetch method, and would never exit.)
import { runChecks } from './runtime-check.mjs'

export default {
  fetch: async (request) => Response.json(await runChecks(await request.json())),
}
