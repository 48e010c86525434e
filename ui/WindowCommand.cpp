#include "WindowCommand.h"

#include "CaptureChecks.h"
#include "CaptureServer.h"
#include "CommandLine.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "MainWindow.h"
#include "ServeCommand.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

bool WindowCommand::noDisplay()
{
    return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

int WindowCommand::parse(const QStringList& arguments, Options* options)
{
    QCommandLineParser parser;
    const QCommandLineOption help = parser.addHelpOption();
    // Each option overrides its saved setting (the Settings dialog's) for this run only.
    parser.addOptions({
        {QStringLiteral("bind"),
            QCoreApplication::translate(
                "WindowCommand", "Address to listen on (default: as in Settings, first 127.0.0.1), for this run."),
            QStringLiteral("ADDR")},
        {QStringLiteral("port"), QCoreApplication::translate("WindowCommand", "Port to listen on; 0 picks a free one."),
            QStringLiteral("N")},
        {QStringLiteral("db"), QCoreApplication::translate("WindowCommand", "History database."),
            QStringLiteral("FILE")},
        {QStringLiteral("max-body"),
            QCoreApplication::translate("WindowCommand", "Largest body accepted, in bytes; k, M, G suffixes."),
            QStringLiteral("BYTES")},
    });
    parser.addOptions(ServeCommand::tlsOptions());
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
    for (const char* name : {"bind", "port", "max-body", "db", "tls-cert", "tls-key"}) {
        if (parser.isSet(QString::fromLatin1(name))) {
            options->given.append(QStringLiteral("--%1").arg(QLatin1String(name)));
        }
    }
    return -1;
}

AppSettings WindowCommand::settingsForRun(const AppSettings& saved, const Options& options)
{
    AppSettings settings = saved;
    const auto given = [&options](const char* option) { return options.given.contains(QLatin1String(option)); };
    if (given("--bind")) {
        settings.bindAddress = options.config.address;
    }
    if (given("--port")) {
        settings.port = options.config.port;
    }
    if (given("--max-body")) {
        settings.maxBodyBytes = options.config.limits.maxBodyBytes;
    }
    if (given("--db")) {
        settings.databasePath = options.dbPath;
    }
    if (given("--tls-cert") || given("--tls-key")) {
        settings.tlsCertificatePath = options.config.tlsCertificatePath;
        settings.tlsKeyPath = options.config.tlsKeyPath;
    }
    return settings;
}

ServerConfig WindowCommand::captureConfig(const AppSettings& settings, const Options& options)
{
    ServerConfig config = settings.serverConfig(options.config);
    // Before the capture starts: a running capture keeps the config it started with, and adding
    // the checks later would restart it (a new port with --port 0, connections dropped).
    CaptureChecks::prepare(config, settings.databasePath);
    return config;
}

int WindowCommand::run(const Options& options)
{
    // Every size the desktop asks for, rendered from the SVG (packaging/render-icons.sh), from the
    // core's resources (a static library's: initialised by hand).
    Q_INIT_RESOURCE(resources);
    QIcon icon;
    for (const int size : {16, 32, 48, 64, 128, 256}) {
        icon.addFile(QStringLiteral(":/icons/io.github.hookscope.Hookscope-%1.png").arg(size));
    }
    QApplication::setWindowIcon(icon);
    const AppSettings settings = settingsForRun(AppSettings::load(), options);
    const QString dbPath = settings.databasePath;
    {
        // Create or check the history first: the table reads it even when the port is taken.
        EventStore store;
        if (!store.open(dbPath)) {
            CommandLine::printError(store.errorString());
            return CommandLine::Failed;
        }
    }
    CaptureServer server(captureConfig(settings, options));
    EventTableModel model;
    if (!model.open(dbPath)) {
        CommandLine::printError(model.errorString());
        return CommandLine::Failed;
    }
    server.start(dbPath);
    if (server.historyInUse()) {
        // Another Hookscope captures into this history: two must not write it at once. Said on
        // stderr and, where someone can see it, in a message box; the other one goes on.
        CommandLine::printError(server.errorString());
        if (QGuiApplication::platformName() != QLatin1String("offscreen")) {
            QMessageBox box(QMessageBox::Warning, QCoreApplication::translate("WindowCommand", "Hookscope"),
                server.errorString(), QMessageBox::Ok);
            box.setTextFormat(Qt::PlainText);
            box.exec();
        }
        return CommandLine::Failed;
    }
    MainWindow window(&server, &model);
    window.setCommandLineOptions(options.given);
    window.applySettings(settings); // what start-up has not applied yet: retention
    window.show();
    const int code = QApplication::exec();
    server.stop();
    return code;
}
