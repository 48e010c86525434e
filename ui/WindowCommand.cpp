#include "WindowCommand.h"

#include "CaptureServer.h"
#include "CommandLine.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "MainWindow.h"
#include "ServeCommand.h"

#include <QApplication>
#include <QCommandLineParser>

bool WindowCommand::noDisplay()
{
    return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

int WindowCommand::parse(const QStringList& arguments, Options* options)
{
    QCommandLineParser parser;
    const QCommandLineOption help = parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("bind"),
            QCoreApplication::translate("WindowCommand", "Address to listen on (default 127.0.0.1)."),
            QStringLiteral("ADDR")},
        {QStringLiteral("port"), QCoreApplication::translate("WindowCommand", "Port to listen on; 0 picks a free one."),
            QStringLiteral("N")},
        {QStringLiteral("db"), QCoreApplication::translate("WindowCommand", "History database."),
            QStringLiteral("FILE")},
        {QStringLiteral("max-body"),
            QCoreApplication::translate("WindowCommand", "Largest body accepted, in bytes; k, M, G suffixes."),
            QStringLiteral("BYTES")},
    });
    if (!parser.parse(arguments)) {
        CommandLine::printError(QStringLiteral("%1 (see 'hookscope --help')").arg(parser.errorText()));
        return CommandLine::Usage;
    }
    if (parser.isSet(help)) {
        CommandLine::printOut(parser.helpText());
        return CommandLine::Ok;
    }
    if (!parser.positionalArguments().isEmpty()) {
        CommandLine::printError(QStringLiteral("'%1' is not a command; see 'hookscope --help'")
                                    .arg(parser.positionalArguments().constFirst()));
        return CommandLine::Usage;
    }
    if (!ServeCommand::readConfig(parser, options->config)) {
        return CommandLine::Usage;
    }
    options->dbPath = CommandLine::databasePath(parser);
    return -1;
}

int WindowCommand::run(const Options& options)
{
    {
        // Create or check the history first: the table reads it even when the port is taken.
        EventStore store;
        if (!store.open(options.dbPath)) {
            CommandLine::printError(store.errorString());
            return CommandLine::Failed;
        }
    }
    CaptureServer server(options.config);
    EventTableModel model;
    if (!model.open(options.dbPath)) {
        CommandLine::printError(model.errorString());
        return CommandLine::Failed;
    }
    server.start(options.dbPath);
    MainWindow window(&server, &model);
    window.show();
    const int code = QApplication::exec();
    server.stop();
    return code;
}
