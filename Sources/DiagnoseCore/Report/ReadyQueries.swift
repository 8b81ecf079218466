/// Ready SQL for the questions support teams ask, to run against a `--sqlite` database
/// (`sqlite3 out.db "$(diagnose …)"` or paste into any SQLite shell). Each is tested on a known dataset.
///
/// Conventions shared with the reports: an HTTP error is a 4xx/5xx status or no response (`status IS NULL`);
/// percentiles are nearest-rank (the smallest value with at least p% of values at or below it); `endpoint` is the
/// operation id, `METHOD /template`, or `METHOD host (unmatched)`.
public enum ReadyQueries {
    /// Error rate per endpoint over the last hour of the recording (the hour before the latest exchange).
    /// For the last hour of wall-clock time, replace `(SELECT MAX(started_at) FROM exchanges)` with
    /// `CAST(strftime('%s', 'now') AS REAL)`.
    /// Columns: endpoint, exchanges, http_errors, error_rate_pct.
    public static let errorRatePerEndpointLastHour = """
        SELECT endpoint,
               COUNT(*) AS exchanges,
               SUM(status IS NULL OR status >= 400) AS http_errors,
               ROUND(100.0 * SUM(status IS NULL OR status >= 400) / COUNT(*), 1) AS error_rate_pct
        FROM exchanges
        WHERE started_at >= (SELECT MAX(started_at) FROM exchanges) - 3600
        GROUP BY endpoint
        ORDER BY error_rate_pct DESC, exchanges DESC, endpoint;
        """

    /// The integrations (API-key digest + User-Agent) with the most failing exchanges: an HTTP error or at least
    /// one error finding. Columns: client, user_agent, exchanges, failing, http_errors, exchanges_with_errors.
    public static let topFailingIntegrations = """
        SELECT COALESCE(e.client, '-') AS client,
               COALESCE(e.user_agent, '-') AS user_agent,
               COUNT(*) AS exchanges,
               SUM(e.status IS NULL OR e.status >= 400 OR x.exchange_id IS NOT NULL) AS failing,
               SUM(e.status IS NULL OR e.status >= 400) AS http_errors,
               SUM(x.exchange_id IS NOT NULL) AS exchanges_with_errors
        FROM exchanges e
        LEFT JOIN (SELECT DISTINCT exchange_id FROM findings WHERE severity = 'error') x ON x.exchange_id = e.id
        GROUP BY e.client, e.user_agent
        HAVING failing > 0
        ORDER BY failing DESC, exchanges DESC, client, user_agent
        LIMIT 20;
        """

    /// p95 latency (ms, nearest rank over `duration_ms`) per endpoint, slowest first.
    /// Columns: endpoint, timed_exchanges, p95_ms.
    public static let p95LatencyPerEndpoint = """
        WITH ranked AS (
          SELECT endpoint, duration_ms,
                 ROW_NUMBER() OVER (PARTITION BY endpoint ORDER BY duration_ms) AS rn,
                 COUNT(*) OVER (PARTITION BY endpoint) AS n
          FROM exchanges
          WHERE duration_ms IS NOT NULL)
        SELECT endpoint, n AS timed_exchanges, duration_ms AS p95_ms
        FROM ranked
        WHERE rn = (95 * n + 99) / 100
        ORDER BY p95_ms DESC, endpoint;
        """

    /// Which customers (API-key digest + User-Agent) hit `encoding.json-body-on-form-endpoint` (a JSON body sent
    /// to a form-encoded endpoint), how often, and when; replace the rule id to ask about another rule.
    /// Columns: client, user_agent, exchanges, findings, first_seen, last_seen (ISO 8601 UTC).
    public static let customersHittingJSONOnFormEndpoint = """
        SELECT COALESCE(e.client, '-') AS client,
               COALESCE(e.user_agent, '-') AS user_agent,
               COUNT(DISTINCT e.id) AS exchanges,
               COUNT(*) AS findings,
               strftime('%Y-%m-%dT%H:%M:%SZ', MIN(e.started_at), 'unixepoch') AS first_seen,
               strftime('%Y-%m-%dT%H:%M:%SZ', MAX(e.started_at), 'unixepoch') AS last_seen
        FROM findings f
        JOIN exchanges e ON e.id = f.exchange_id
        WHERE f.rule = 'encoding.json-body-on-form-endpoint'
        GROUP BY e.client, e.user_agent
        ORDER BY findings DESC, client, user_agent;
        """

    /// Every ready query with a short title, in README order.
    public static let all: [(title: String, sql: String)] = [
        ("Error rate per endpoint, last hour", errorRatePerEndpointLastHour),
        ("Top failing integrations", topFailingIntegrations),
        ("p95 latency per endpoint", p95LatencyPerEndpoint),
        ("Customers hitting encoding.json-body-on-form-endpoint", customersHittingJSONOnFormEndpoint),
    ]
}
