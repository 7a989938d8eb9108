using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Jobs;
using PmoFlow.Jobs.Publishing;
using PmoFlow.Jobs.Reports;
using PmoFlow.Jobs.Scheduling;
using PmoFlow.Jobs.Services;
using PmoFlow.Storage;
using Quartz;

namespace PmoFlow.Jobs;

/// <summary>Registers PmoFlow's clustered scheduler, its jobs and their services.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the scheduler on PmoFlow's database (Quartz ADO store, PostgreSQL, clustered; its tables come from
    /// PmoFlow's migrations and are only validated here), the four job kinds and their default services, and —
    /// unless <see cref="PmoFlowSchedulerOptions.RunScheduler"/> is off — the hosted service that starts it.
    /// </summary>
    /// <remarks>
    /// Default services are added with TryAdd: register your own <see cref="IReportService"/>,
    /// <see cref="IMetricsProvider"/>, <see cref="IIngestService"/> or <see cref="IForecastCheckService"/> before or
    /// after this call (a later plain <c>AddSingleton</c> wins at resolution).
    /// </remarks>
    /// <exception cref="ConfigException">The configuration's schedules or publishers are malformed.</exception>
    public static IServiceCollection AddPmoFlowScheduler(
        this IServiceCollection services,
        PmoFlowConfig config,
        NpgsqlDataSource dataSource,
        Action<PmoFlowSchedulerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dataSource);
        var options = new PmoFlowSchedulerOptions();
        configure?.Invoke(options);
        var instanceId = options.ResolveInstanceId();
        var jobs = JobsConfigReader.Read(config);

        services.AddSingleton(options);
        services.AddSingleton(config);
        services.AddSingleton(jobs);
        services.TryAddSingleton(dataSource);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new EventStore(dataSource));
        services.TryAddSingleton<IIngestService>(sp => new IngestService(config, dataSource, sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IMetricsProvider>(_ => new FlowMetricsProvider(dataSource, config));
        services.TryAddSingleton<IReportService>(_ => new StreamReportService(dataSource, config));
        services.TryAddSingleton<IForecastCheckService>(_ => new StoredForecastCheckService(dataSource, config));
        services.TryAddSingleton<SecretResolver>();
        services.AddSingleton(_ => new MetricSnapshotStore(dataSource));
        services.AddSingleton(_ => new JobRunStore(dataSource));
        services.AddSingleton(_ => new DeliveryStore(dataSource));
        services.AddSingleton<SnapshotService>();
        services.AddSingleton<PublisherFactory>();
        services.AddSingleton(sp => new PublishService(
            dataSource,
            sp.GetRequiredService<IReportService>(),
            sp.GetRequiredService<PublisherFactory>(),
            sp.GetRequiredService<DeliveryStore>(),
            options,
            sp.GetRequiredService<ILogger<PublishService>>()));
        services.AddSingleton<ScheduleReconciler>();

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.InstanceId = instanceId;
                s.IdleWaitTime = options.IdleWaitTime;
            });
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.AddJobType<IngestJob>();
            q.AddJobType<SnapshotJob>();
            q.AddJobType<PublishReportJob>();
            q.AddJobType<ForecastCheckJob>();
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(ds => ds.DataSourceFactory = _ => dataSource);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = options.CheckinInterval;
                    c.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                });
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = "qrtz_";
                    o.StoreJobDataAsStrings = true;
                    o.MisfireThreshold = options.MisfireThreshold;
                    // The tables come from PmoFlow's numbered migration 0003; Quartz only checks them.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                    // A job cancelled by a shutdown is handed back for recovery, like one whose node died.
                    o.RecoverFiringsCancelledByShutdown = true;
                });
            });
        });

        if (options.RunScheduler)
        {
            services.AddHostedService<PmoFlowSchedulerService>();
        }

        return services;
    }
}
