// Configuration the handler modules read at import, as a deployed function would have it.
process.env.ALLOWED_ORIGINS = 'https://portal.example.org';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
