namespace PmoFlow.Cli.Commands;

/// <summary>The commented starter configuration written by <c>pmoflow init</c> (also documented in the README).</summary>
internal static class StarterConfig
{
    public const string Text = """
        # PmoFlow configuration. Every key is documented in the README ("Configuration").
        # Errors name the line and the key; unknown keys are errors.

        # database: "Host=db.example.org;Database=pmoflow;Username=pmoflow"   # optional; $PMOFLOW_DATABASE wins;
        #                                                                     # without both, PmoFlow runs its own PostgreSQL.
        streams:
          - name: delivery                 # the value stream's name (used with --stream)
            timeZone: Europe/London        # IANA zone: days are local calendar dates in this zone
            profile: pmoflow               # pmoflow | actionable-agile | jira-agile-metrics | jira-flow-metrics
            # options:                     # override single switches of the profile
            #   dayCount: exclusive        # inclusive | exclusive
            #   percentileMethod: linear   # nearest-rank | linear
            sources: [tracker]             # which sources feed this stream (default: all)
            # commitmentPoint: In Progress # default: first stage that is not backlog
            # deliveryPoint: Done          # default: first done stage
            # valuePoint: Released         # default: the delivery point
            # sle: 14                      # service level expectation in days (default: P85 cycle time)
            calendar:
              workingDays: [mon, tue, wed, thu, fri]
              holidays: [2026-12-25, 2026-12-26]
            typeMapping: { Story: feature, Bug: defect }
            stages:                        # in workflow order; statuses are matched case-insensitively
              - { name: Backlog, category: backlog, statuses: [Open, To Do, Backlog] }
              - { name: In Progress, category: active, statuses: [In Progress, Reopened], wipLimit: 5 }
              - { name: Review, category: wait, statuses: [Patch Available, In Review] }
              - { name: Done, category: done, statuses: [Resolved, Closed, Done] }
              - { name: Cancelled, category: removed, statuses: [Won't Do, Cancelled] }

        sources:
          - name: tracker
            kind: csv                      # csv | jira | azure-devops | github | github-project | gitlab
            events: events.csv             # canonical columns: item_key,timestamp,from_status,to_status[,event,...]
            items: items.csv               # optional: key,created,type,title,parent,business_value,labels
            # timeZone: UTC                # for timestamps without an offset (default: the stream's zone)
            # columns:                     # map your export's headers onto the canonical names
            #   events: { item_key: issue_key, timestamp: event_time }
            #   items:  { key: issue_key, type: issuetype_name, title: summary }

        """;
}
