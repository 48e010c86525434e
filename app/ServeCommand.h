#pragma once

#include <QCommandLineOption>
#include <QStringList>

class ProviderChecks;
class QCommandLineParser;
class QHostAddress;
struct ServerConfig;

/// `hookscope serve`: headless capture until SIGINT or SIGTERM; `hookscope forward --to URL`: the
/// same, and every captured event is sent on to URL as it arrives.
class ServeCommand
{
public:
    static int run(const QStringList& arguments, bool forward = false);
    /// Reads --bind, --port, --max-body, --tls-cert and --tls-key into @p config; prints the problem and
    /// returns false when one is wrong.
    static bool readConfig(const QCommandLineParser& parser, ServerConfig& config);
    /// --tls-cert FILE and --tls-key FILE, for every command that captures (readConfig reads them).
    static QList<QCommandLineOption> tlsOptions();
    /// The warning line for an endpoint other machines can reach (@p address is not loopback).
    static void printExposure(const QHostAddress& address);
    /// "32M", "1048576", "64k" → bytes; -1 when it is not a size.
    static qint64 parseSize(const QString& text);

private:
    /// Says on stderr what goes wrong with the provider checks, and reads the history's channels.
    static void watchChecks(const QString& command, bool shapesRead, ProviderChecks& checks);
};
