-- wrk script: GET /v1/orgs/<org>/settings/calling with a bearer token.
wrk.method = "GET"
wrk.path = "/v1/orgs/" .. os.getenv("ZT_ORG_ID") .. "/settings/calling"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ZT_TOKEN")

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx/3xx responses: %d\n", summary.errors.status))
end
