#pragma once

#include <QStringList>

class QCommandLineParser;
struct ServerConfig;

/// `hookscope serve`: headless capture until SIGINT or SIGTERM; `hookscope forward --to URL`: the
/// same, and every captured event is sent on to URL as it arrives.
class ServeCommand
{
public:
    static int run(const QStringList& arguments, bool forward = false);
    /// Reads --bind, --port and --max-body into @p config; prints the problem and returns false when one is wrong.
    static bool readConfig(const QCommandLineParser& parser, ServerConfig& config);
    /// "32M", "1048576", "64k" → bytes; -1 when it is not a size.
    static qint64 parseSize(const QString& text);
};
