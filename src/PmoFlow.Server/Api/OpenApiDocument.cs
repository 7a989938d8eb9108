using System.Text.Json.Nodes;

namespace PmoFlow.Server.Api;

/// <summary>
/// The OpenAPI 3.1 description of the REST API, served at <c>/openapi.json</c>. Written by hand (the
/// Microsoft.AspNetCore.OpenApi package is not part of the shared framework); a test checks that every mapped route
/// appears in it.
/// </summary>
public static class OpenApiDocument
{
    private static readonly Lazy<string> Text = new(() => Build().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The document as JSON text.</summary>
    public static string Json => Text.Value;

    /// <summary>Builds the document.</summary>
    public static JsonObject Build()
    {
        var paths = new JsonObject
        {
            ["/health"] = Get("Liveness and database check", "Health", [], Ref("Health"), extra: new JsonObject
            {
                ["503"] = new JsonObject { ["description"] = "The database does not answer", ["content"] = JsonContent(Ref("Health")) },
            }),
            ["/api/streams"] = Get("The configured value streams", "StreamList", [], new JsonObject { ["type"] = "array", ["items"] = Ref("Stream") }),
            ["/api/streams/{stream}/metrics"] = Get(
                "Flow metrics over a window (throughput, WIP, cycle/lead time, age percentiles, CFD-derived WIP, efficiency, waste, value stream map, data quality)",
                "Metrics",
                [StreamParam(), Query("from", "First local date of the window (yyyy-MM-dd, included); default: to − 89 days", "date"),
                    Query("to", "Last local date of the window (yyyy-MM-dd, included); default: today in the stream's zone", "date")],
                Ref("Metrics")),
            ["/api/streams/{stream}/items"] = Get(
                "Items with their timeline and figures, filtered and paged",
                "Items",
                [StreamParam(),
                    Query("state", "backlog, in-progress, done, abandoned or removed-before-start", "string", ["backlog", "in-progress", "done", "abandoned", "removed-before-start"]),
                    Query("type", "Item type (case-insensitive, exact)", "string"),
                    Query("q", "Text contained in the key or title (case-insensitive)", "string"),
                    Query("limit", "Rows per page, 1..1000 (default 100)", "integer"),
                    Query("offset", "Rows to skip (default 0)", "integer")],
                Ref("ItemPage")),
            ["/api/streams/{stream}/forecasts/when"] = Get(
                "When will N items be done? Monte Carlo / exact bootstrap over the last 90 days' daily throughput",
                "ForecastWhen",
                [StreamParam(), Query("items", "N, 1..1,000,000 (default: the open items)", "integer"),
                    Query("deadline", "A date whose odds are reported (yyyy-MM-dd)", "date"), .. ForecastParams()],
                Ref("WhenAnswer")),
            ["/api/streams/{stream}/forecasts/how-many"] = Get(
                "How many items will be done from tomorrow up to and including a date?",
                "ForecastHowMany",
                [StreamParam(), Query("by", "The date (yyyy-MM-dd, included; default: today + 28 days)", "date"), .. ForecastParams()],
                Ref("HowManyAnswer")),
            ["/api/streams/{stream}/reports/{week}"] = Get(
                "The weekly report of the week holding a date (yyyy-MM-dd) or an ISO week (yyyy-Www)",
                "Report",
                [StreamParam(), new JsonObject
                {
                    ["name"] = "week", ["in"] = "path", ["required"] = true, ["description"] = "A date in the week (yyyy-MM-dd) or an ISO week (yyyy-Www)",
                    ["schema"] = new JsonObject { ["type"] = "string" },
                },
                    Query("format", "json (default: the report model, schemaVersion 1), html (self-contained page) or md", "string", ["json", "html", "md"])],
                new JsonObject { ["type"] = "object", ["description"] = "The report model (see docs/reporting.md, JSON shape)" }),
            ["/api/streams/{stream}/board"] = Get(
                "The kanban board as of an instant: one column per stage in workflow order with its WIP against its limit; cards with key, title, type, age band (P50/P85 of the last 90 days' cycle times), blocked flag and reason, days in stage and tracker link",
                "Board",
                [StreamParam(), Query("type", "Only items of this type (case-insensitive)", "string"),
                    Query("label", "Only items with this label (case-insensitive)", "string"),
                    Query("parent", "Only children of this parent / epic key (case-insensitive)", "string"),
                    Query("asOf", "A local date (end of that day) or an ISO 8601 instant, not after the data's instant; default now", "string"),
                    Query("collapsedCards", "Cards kept per collapsed column (backlog, done, removed), 0..10000 (default 100)", "integer")],
                new JsonObject { ["type"] = "object", ["description"] = "{stream, asOf, today, p50, p85, sleDays, filter, columns: [{stage, category, collapsed, wipLimit, wip, overLimit, count, hidden, cards: [{key, title, type, state, parent, labels, age, band, beyondSle, blocked, blockedReason, blockedDays, daysInStage, url}]}], items, matching, types, labels, parents} (docs/board.md)" }),
            ["/api/streams/{stream}/board/initiatives"] = Get(
                "The portfolio board: initiatives by state (proposed, in-progress, delivered, realising-value), in WSJF rank order",
                "InitiativeBoard",
                [StreamParam(), Query("asOf", "A local date (end of that day) or an ISO 8601 instant; default now", "string")],
                new JsonObject { ["type"] = "object", ["description"] = "{stream, asOf, lanes: [{state, initiatives: [{initiativeId, name, state, rank, wsjf, linkedItems, startedItems, doneItems, deliveredOn, forecastDate, kpiStatus}]}]} (docs/board.md)" },
                extra: new JsonObject { ["422"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" } }),
            ["/api/streams/{stream}/portfolio/what-if"] = WithBody(
                "post",
                "Portfolio what-ifs beside the baseline: capacity (throughput factors), drop, add, reorder, WIP limit, delayed start; each with initiative dates, value delivered by a date, NPV, cost of delay against the baseline and the WSJF order",
                "PortfolioWhatIf",
                JsonContent(new JsonObject { ["type"] = "object", ["description"] = "{scenarios: [\"name:key=value,...\"], valueBy: \"yyyy-MM-dd\", saved: bool} (docs/value.md)" }),
                new JsonObject { ["type"] = "object", ["description"] = "{stream, asOf, valueBy, results: [{name, initiatives: [{initiativeId, rank, priority, status, date, daysLate, costOfDelay, npv, businessValue}], wsjfOrder, valueBy, valueDelivered, npv, costOfDelay}]}" }),
            ["/api/portfolio/scenarios"] = Get("Saved portfolio scenarios", "ListScenarios", [], new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["description"] = "{name, spec, updatedAt}" } }),
            ["/api/portfolio/scenarios/{name}"] = Merge(
                WithBody("put", "Save a scenario (its text form; the name must be the path's)", "SaveScenario",
                    JsonContent(new JsonObject { ["type"] = "object", ["description"] = "{spec: \"name:key=value,...\"}" }),
                    new JsonObject { ["type"] = "object", ["description"] = "{name, spec}" }),
                new JsonObject { ["delete"] = new JsonObject { ["summary"] = "Delete a saved scenario", ["operationId"] = "DeleteScenario",
                    ["parameters"] = new JsonArray(new JsonObject { ["name"] = "name", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["responses"] = new JsonObject { ["204"] = new JsonObject { ["description"] = "Deleted" }, ["404"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" } } } }),
            ["/api/streams/{stream}/portfolio"] = Get(
                "The portfolio evaluated against the stream: WSJF ranking with NPV, ECV, ARR, alignment, value delivered, forecast dates and KPI status; the Value section's chart data",
                "GetPortfolio",
                [StreamParam(), Query("asOf", "Compute as of the end of this local date (yyyy-MM-dd); default: now", "date")],
                Ref("Portfolio"),
                extra: new JsonObject { ["422"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" } }),
            ["/api/kpis"] = Get(
                "Every KPI's status from the trend of its readings (file and stored) against its target line",
                "GetKpis",
                [Query("initiative", "Only this initiative's KPIs (id, case-insensitive)", "string")],
                new JsonObject { ["type"] = "array", ["items"] = Ref("KpiStatus") },
                extra: new JsonObject { ["422"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" } }),
            ["/api/kpis/readings"] = WithBody(
                "post",
                "Append KPI readings, all or nothing; a reading equal to a stored one adds nothing, a different value for a stored date is refused",
                "PostKpiReadings",
                JsonContent(new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref("KpiReadingInput") }),
                Ref("KpiReadingsAppended")),
            ["/api/portfolio"] = Merge(
                Get(
                    "The portfolio in effect (the file beside the configuration, else the stored definition) with every KPI reading",
                    "GetPortfolioDefinition",
                    [],
                    Ref("PortfolioDefinition"),
                    extra: new JsonObject { ["422"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" } }),
                WithBody(
                    "put",
                    "Replace the stored portfolio definition (objectives, initiatives, KPIs; the portfolio file's format as YAML or JSON) and append its KPI readings; refused while a portfolio file exists",
                    "PutPortfolioDefinition",
                    new JsonObject
                    {
                        ["application/yaml"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["description"] = "The portfolio file's format (docs/value.md)" } },
                        ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object", ["description"] = "The portfolio file's structure as JSON" } },
                    },
                    Ref("PortfolioStored"))),
        };

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "PmoFlow API",
                ["version"] = "1",
                ["description"] = "Flow metrics, forecasts and weekly reports of PmoFlow's value streams. Figures follow METRICS.md; dates are local dates of the stream's zone, instants UTC, durations days; null means no data.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key",
                        ["description"] = "Required when the server binds a non-loopback address or a key is configured (PMOFLOW_API_KEY or --api-key-file).",
                    },
                },
                ["schemas"] = Schemas(),
                ["responses"] = new JsonObject
                {
                    ["Problem"] = new JsonObject { ["description"] = "A problem description (RFC 9457)", ["content"] = ProblemContent() },
                },
            },
        };
    }

    private static JsonObject Get(string summary, string operationId, JsonNode[] parameters, JsonNode schema, JsonObject? extra = null)
    {
        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = JsonContent(schema) },
            ["400"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
            ["401"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
            ["404"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
        };
        foreach (var (code, value) in extra ?? [])
        {
            responses[code] = value!.DeepClone();
        }

        return new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["summary"] = summary,
                ["operationId"] = operationId,
                ["parameters"] = new JsonArray(parameters),
                ["responses"] = responses,
            },
        };
    }

    private static JsonObject Merge(JsonObject first, JsonObject second)
    {
        foreach (var (method, operation) in second.ToList())
        {
            second.Remove(method);
            first[method] = operation;
        }

        return first;
    }

    private static JsonObject WithBody(string method, string summary, string operationId, JsonObject content, JsonNode schema) => new()
    {
        [method] = new JsonObject
        {
            ["summary"] = summary,
            ["operationId"] = operationId,
            ["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content },
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK", ["content"] = JsonContent(schema) },
                ["400"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
                ["401"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
                ["404"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
                ["409"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
                ["413"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
                ["422"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" },
            },
        },
    };

    private static JsonObject JsonContent(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema.DeepClone() } };

    private static JsonObject ProblemContent() => new()
    {
        ["application/problem+json"] = new JsonObject
        {
            ["schema"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["type"] = Str(), ["title"] = Str(), ["status"] = Int(), ["detail"] = Str(),
                    ["errors"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = Str() } },
                },
            },
        },
    };

    private static JsonObject StreamParam() => new JsonObject
    {
        ["name"] = "stream", ["in"] = "path", ["required"] = true, ["description"] = "The stream's name (case-insensitive)",
        ["schema"] = Str(),
    };

    private static JsonObject Query(string name, string description, string type, IEnumerable<string>? values = null)
    {
        var schema = type == "date" ? new JsonObject { ["type"] = "string", ["format"] = "date" } : new JsonObject { ["type"] = type };
        if (values is not null)
        {
            schema["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }

        return new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = schema };
    }

    private static JsonNode[] ForecastParams() =>
    [
        Query("percentiles", "Comma-separated percentiles in (0, 100] (default 50,70,85,95)", "string"),
        Query("engine", "auto (default: exact when possible), exact or monte-carlo", "string", ["auto", "exact", "monte-carlo"]),
        Query("trials", "Monte Carlo trials, 100..1,000,000 (default 10,000)", "integer"),
        Query("seed", "Seed (default 20240601): the same seed gives the same answer", "integer"),
    ];

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject Str() => new() { ["type"] = "string" };

    private static JsonObject Int() => new() { ["type"] = "integer" };

    private static JsonObject Num() => new() { ["type"] = new JsonArray("number", "null") };

    private static JsonObject Obj(params (string Name, JsonNode Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    private static JsonObject Schemas() => new()
    {
        ["Health"] = Obj(("status", Str()), ("database", Str())),
        ["Stream"] = Obj(
            ("name", Str()), ("timeZone", Str()), ("sources", new JsonObject { ["type"] = "array", ["items"] = Str() }),
            ("stages", new JsonObject { ["type"] = "array", ["items"] = Obj(("name", Str()), ("category", Str()), ("wipLimit", Num())) }),
            ("sleDays", Num()), ("links", new JsonObject { ["type"] = "object", ["additionalProperties"] = Str() })),
        ["Metrics"] = Obj(
            ("stream", Str()), ("asOf", Str()), ("today", Str()), ("window", Obj(("from", Str()), ("to", Str()))),
            ("conventions", new JsonObject { ["type"] = "object" }), ("items", Int()), ("throughput", Num()), ("wip", Num()),
            ("cycleTime", Ref("Distribution")), ("leadTime", Ref("Distribution")), ("age", Ref("Distribution")),
            ("sleDays", Num()), ("sleSource", Str()),
            ("throughputDaily", new JsonObject { ["type"] = "array" }), ("throughputWeekly", new JsonObject { ["type"] = "array" }),
            ("wipDaily", new JsonObject { ["type"] = "array" }), ("arrivals", new JsonObject { ["type"] = "object" }),
            ("flowDistribution", new JsonObject { ["type"] = "array" }), ("flowEfficiency", new JsonObject { ["type"] = "object" }),
            ("waste", new JsonObject { ["type"] = "object" }), ("valueStreamMap", new JsonObject { ["type"] = "object" }),
            ("quality", new JsonObject { ["type"] = "object" })),
        ["Distribution"] = Obj(
            ("metric", Str()), ("count", Int()), ("mean", Num()), ("min", Num()), ("max", Num()), ("method", Str()),
            ("percentiles", new JsonObject { ["type"] = "array", ["items"] = Obj(("percentile", Num()), ("value", Num())) })),
        ["ItemPage"] = Obj(
            ("stream", Str()), ("asOf", Str()), ("total", Int()), ("offset", Int()), ("limit", Int()),
            ("items", new JsonObject
            {
                ["type"] = "array",
                ["items"] = Obj(
                    ("key", Str()), ("type", Str()), ("title", Str()), ("state", Str()), ("stage", Str()), ("created", Str()),
                    ("start", Str()), ("done", Str()), ("cycleTime", Num()), ("leadTime", Num()), ("age", Num()),
                    ("flowEfficiency", Num()), ("blockedDays", Num()), ("reworkMoves", Int())),
            })),
        ["WhenAnswer"] = Obj(("stream", Str()), ("items", Int()), ("forecast", Obj(
            ("status", Str()), ("reason", Str()), ("inputs", new JsonObject { ["type"] = "object" }), ("warnings", new JsonObject { ["type"] = "array" }),
            ("deadline", Str()), ("wipLimit", Int()),
            ("overall", Obj(
                ("status", Str()), ("reason", Str()),
                ("percentiles", new JsonObject { ["type"] = "array", ["items"] = Obj(("percentile", Num()), ("date", Str()), ("workingDays", Num()), ("calendarDays", Num())) }),
                ("deadlineProbability", Num()), ("probabilityWithinHorizon", Num()),
                ("distribution", new JsonObject { ["type"] = "array", ["items"] = Obj(("date", Str()), ("workingDay", Int()), ("probability", Num()), ("cumulative", Num())) }))),
            ("features", new JsonObject { ["type"] = "array" })))),
        ["HowManyAnswer"] = Obj(("stream", Str()), ("forecast", Obj(
            ("status", Str()), ("reason", Str()), ("inputs", new JsonObject { ["type"] = "object" }), ("warnings", new JsonObject { ["type"] = "array" }),
            ("by", Str()), ("workingDays", Int()),
            ("percentiles", new JsonObject { ["type"] = "array", ["items"] = Obj(("percentile", Num()), ("items", Int())) }),
            ("distribution", new JsonObject { ["type"] = "array", ["items"] = Obj(("items", Int()), ("probability", Num()), ("atLeast", Num())) })))),
        ["Portfolio"] = Obj(
            ("stream", Str()), ("asOf", Str()),
            ("ranking", new JsonObject { ["type"] = "array", ["items"] = Ref("InitiativeValue") }),
            ("forecasts", new JsonObject { ["type"] = "array" }),
            ("kpis", new JsonObject { ["type"] = "array", ["items"] = Ref("KpiStatus") }),
            ("value", Obj(
                ("ranking", new JsonObject { ["type"] = "array", ["items"] = Ref("InitiativeValue") }),
                ("rankingTable", Obj(("columns", new JsonObject { ["type"] = "array", ["items"] = Str() }), ("rows", new JsonObject { ["type"] = "array" }))),
                ("kpis", new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = Obj(
                        ("initiativeId", Str()), ("kpi", Str()), ("unit", Str()), ("direction", Str()), ("status", Str()), ("attainment", Num()),
                        ("readings", Points()), ("targetLine", Points()), ("trend", Points())),
                }),
                ("timeToValue", new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = Obj(
                        ("initiativeId", Str()), ("name", Str()), ("start", Str()), ("firstValue", Str()), ("lastValue", Str()),
                        ("daysToFirstValue", Num()), ("daysToLastValue", Num()), ("itemsAtValue", Int()), ("items", Int())),
                }),
                ("warnings", new JsonObject { ["type"] = "array", ["items"] = Ref("ValueDiagnostic") }))),
            ("throughput", new JsonObject { ["type"] = "object" }),
            ("warnings", new JsonObject { ["type"] = "array", ["items"] = Ref("ValueDiagnostic") })),
        ["InitiativeValue"] = Obj(
            ("rank", Num()), ("initiativeId", Str()), ("name", Str()), ("primaryObjectiveId", Str()), ("wsjf", Num()),
            ("costOfDelayPerWeek", Num()), ("jobDurationWeeks", Num()), ("npv", Num()), ("ecv", Num()), ("arr", Num()), ("alignment", Num()),
            ("valueDelivered", Num()), ("linkedItems", Int()), ("completedItems", Int()), ("forecastDate", Str()), ("kpiStatus", Str()),
            ("timeToFirstValueDays", Num()), ("timeToLastValueDays", Num())),
        ["KpiStatus"] = Obj(
            ("initiativeId", Str()), ("kpi", Str()), ("unit", Str()), ("direction", Str()), ("baseline", Num()), ("target", Num()),
            ("baselineDate", Str()), ("targetDate", Str()), ("readingCount", Int()), ("latestDate", Str()), ("latestValue", Num()),
            ("intercept", Num()), ("slopePerDay", Num()), ("projectedAtTargetDate", Num()), ("attainment", Num()),
            ("plannedAtLatestDate", Num()), ("fittedAtLatestDate", Num()), ("behindTargetLine", new JsonObject { ["type"] = new JsonArray("boolean", "null") }),
            ("status", Str())),
        ["ValueDiagnostic"] = Obj(
            ("severity", Str()), ("initiativeId", Str()), ("kpi", Str()), ("field", Str()), ("message", Str()),
            ("location", Obj(("file", Str()), ("line", Int()), ("column", Int())))),
        ["KpiReadingInput"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("initiative", "kpi", "date", "value"),
            ["properties"] = new JsonObject
            {
                ["initiative"] = Str(), ["kpi"] = Str(),
                ["date"] = new JsonObject { ["type"] = "string", ["format"] = "date" },
                ["value"] = new JsonObject { ["type"] = "number" },
            },
        },
        ["KpiReadingsAppended"] = Obj(("inserted", Int()), ("alreadyStored", Int())),
        ["PortfolioDefinition"] = Obj(
            ("source", Str()),
            ("portfolio", Obj(
                ("objectives", new JsonObject { ["type"] = "array", ["items"] = Obj(("id", Str()), ("name", Str()), ("weight", Num())) }),
                ("initiatives", new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } }),
                ("contributionScale", Num()))),
            ("settings", new JsonObject { ["type"] = "object" })),
        ["PortfolioStored"] = Obj(
            ("objectives", Int()), ("initiatives", Int()), ("kpis", Int()), ("retired", Int()), ("readingsInserted", Int()), ("readingsAlreadyStored", Int())),
    };

    private static JsonObject Points() => new()
    {
        ["type"] = "array",
        ["items"] = Obj(("date", new JsonObject { ["type"] = "string", ["format"] = "date" }), ("value", new JsonObject { ["type"] = "number" })),
    };
}
