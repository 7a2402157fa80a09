// Configuration the handler modules read at import, as a deployed function would have it.
process.env.ALLOWED_ORIGINS = 'https://portal.example.org';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// As Lambda sets it for an instance started on demand: Powertools reports a cold start only then.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
