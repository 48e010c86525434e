#pragma once

#include <QStringList>

class QCommandLineParser;

/// `hookscope [--version] [--help] <command> [options]`, git style: each command parses its own options.
class CommandLine
{
public:
    enum Exit { Ok = 0, Failed = 1, Usage = 2 };

    /// Runs the command named in @p arguments (arguments[0] is the program); returns the exit code.
    static int run(const QStringList& arguments);

    /// Prints "hookscope: <message>" as one line on stderr.
    static void printError(const QString& message);
    static void printOut(const QString& text);
    /// Parses @p arguments for @p command; prints the problem and returns false when they are wrong
    /// (a positional argument is one, unless @p positional allows them).
    static bool parse(
        QCommandLineParser& parser, const QString& command, const QStringList& arguments, bool positional = false);
    /// The --db value, or the default history path.
    static QString databasePath(const QCommandLineParser& parser);

private:
    static QString usage();
};
