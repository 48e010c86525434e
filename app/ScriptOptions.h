#pragma once

class QCommandLineParser;
class QString;
struct ServerConfig;

/**
 * The scripted-answer options of `hookscope serve` and `hookscope forward` (--respond-status,
 * --respond-body, --respond-header, --respond-delay, --respond-path, --fail-first, --fail-percent,
 * --fail-status), read into one ResponseRule in the server's config.
 */
class ScriptOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    /// Sets @p config's script when any option is given; false with a one-line @p error when a
    /// value is wrong (a usage error).
    static bool read(const QCommandLineParser& parser, ServerConfig* config, QString* error);
};
