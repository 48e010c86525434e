#include "CommandLine.h"

#include "EventStore.h"
#include "ExportCommand.h"
#include "ImportCommand.h"
#include "ResendCommand.h"
#include "SendCommand.h"
#include "ServeCommand.h"
#include "Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

void CommandLine::printError(const QString& message)
{
    std::fprintf(stderr, "hookscope: %s\n", message.toLocal8Bit().constData());
    std::fflush(stderr);
}

void CommandLine::printOut(const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

QString CommandLine::usage()
{
    return QCoreApplication::translate("CommandLine",
        "Usage: hookscope [command] [options]\n"
        "\n"
        "Hookscope captures the webhooks posted to it into a local history and shows them.\n"
        "\n"
        "Commands:\n"
        "  serve     capture headless: listen, store every request, answer once stored\n"
        "  export    write the stored history (NDJSON, JSON, CSV, HAR, fixtures) to stdout or files\n"
        "  import    add the events of NDJSON or HAR files to the history\n"
        "  resend    send stored events again to a URL, and record the answers\n"
        "  forward   capture headless like serve, and send every event on to a URL\n"
        "  send      send realistic test webhooks of chosen channel events to a URL\n"
        "  (none)    open the inspector window (--bind, --port, --db as for serve)\n"
        "\n"
        "Options:\n"
        "  -h, --help     show this help; 'hookscope COMMAND --help' for a command's options\n"
        "  -v, --version  print the version\n");
}

bool CommandLine::parse(
    QCommandLineParser& parser, const QString& command, const QStringList& arguments, bool positional)
{
    parser.setApplicationDescription(command);
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        printError(QStringLiteral("%1: %2 (see 'hookscope %1 --help')").arg(command, parser.errorText()));
        return false;
    }
    if (parser.isSet(help)) {
        printOut(parser.helpText());
        return false;
    }
    if (!positional && !parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("%1: unexpected argument '%2' (see 'hookscope %1 --help')")
                       .arg(command, parser.positionalArguments().constFirst()));
        return false;
    }
    return true;
}

QString CommandLine::databasePath(const QCommandLineParser& parser)
{
    const QString db = parser.value(QStringLiteral("db"));
    return db.isEmpty() ? EventStore::defaultPath() : db;
}

int CommandLine::run(const QStringList& arguments)
{
    const QString first = arguments.value(1);
    QStringList rest = arguments.mid(1);
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        printOut(QStringLiteral("hookscope %1\n").arg(QLatin1String(HOOKSCOPE_VERSION)));
        return Ok;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        printOut(usage());
        return Ok;
    }
    if (first == QLatin1String("serve")) {
        rest[0] = QStringLiteral("hookscope serve");
        return ServeCommand::run(rest);
    }
    if (first == QLatin1String("send")) {
        rest[0] = QStringLiteral("hookscope send");
        return SendCommand::run(rest);
    }
    if (first == QLatin1String("forward")) {
        rest[0] = QStringLiteral("hookscope forward");
        return ServeCommand::run(rest, true);
    }
    if (first == QLatin1String("resend")) {
        rest[0] = QStringLiteral("hookscope resend");
        return ResendCommand::run(rest);
    }
    if (first == QLatin1String("export")) {
        rest[0] = QStringLiteral("hookscope export");
        return ExportCommand::run(rest);
    }
    if (first == QLatin1String("import")) {
        rest[0] = QStringLiteral("hookscope import");
        return ImportCommand::run(rest);
    }
    printError(QStringLiteral("'%1' is not a command; see 'hookscope --help'").arg(first));
    return Usage;
}
