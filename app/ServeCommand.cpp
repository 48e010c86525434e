#include "ServeCommand.h"

#include "CaptureServer.h"
#include "CommandLine.h"
#include "ProviderChecks.h"
#include "RefusalPrinter.h"
#include "ResendJob.h"
#include "Retention.h"
#include "RetentionOptions.h"
#include "ScriptOptions.h"
#include "SignalWatcher.h"
#include "SignatureOptions.h"
#include "TargetList.h"
#include "TargetOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <memory>

qint64 ServeCommand::parseSize(const QString& text)
{
    QString digits = text.trimmed();
    qint64 unit = 1;
    const QChar last = digits.isEmpty() ? QChar() : digits.back().toLower();
    if (last == QLatin1Char('k') || last == QLatin1Char('m') || last == QLatin1Char('g')) {
        unit = last == QLatin1Char('k') ? 1024 : last == QLatin1Char('m') ? 1024 * 1024 : 1024 * 1024 * 1024;
        digits.chop(1);
    }
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!ok || n <= 0 || n > (qint64(1) << 40) / unit) {
        return -1;
    }
    return n * unit;
}

bool ServeCommand::readConfig(const QCommandLineParser& parser, ServerConfig& config)
{
    const QString bind = parser.value(QStringLiteral("bind"));
    if (!bind.isEmpty()) {
        const QHostAddress address
            = bind == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(bind);
        if (address.isNull()) {
            CommandLine::printError(
                QCoreApplication::translate("ServeCommand", "serve: --bind '%1' is not an IP address").arg(bind));
            return false;
        }
        config.address = address;
    }
    if (parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port > 65535) {
            CommandLine::printError(
                QCoreApplication::translate("ServeCommand", "serve: --port '%1' is not a port (0-65535)")
                    .arg(parser.value(QStringLiteral("port"))));
            return false;
        }
        config.port = static_cast<quint16>(port);
    }
    if (parser.isSet(QStringLiteral("max-body"))) {
        const qint64 bytes = parseSize(parser.value(QStringLiteral("max-body")));
        if (bytes < 0) {
            CommandLine::printError(QCoreApplication::translate(
                "ServeCommand", "serve: --max-body '%1' is not a size in bytes (like 1048576 or 32M)")
                                        .arg(parser.value(QStringLiteral("max-body"))));
            return false;
        }
        config.limits.maxBodyBytes = bytes;
    }
    config.tlsCertificatePath = parser.value(QStringLiteral("tls-cert"));
    config.tlsKeyPath = parser.value(QStringLiteral("tls-key"));
    if (config.tlsCertificatePath.isEmpty() != config.tlsKeyPath.isEmpty()) {
        CommandLine::printError(QCoreApplication::translate(
            "ServeCommand", "serve: --tls-cert and --tls-key go together (HTTPS needs both files)"));
        return false;
    }
    return true;
}

QList<QCommandLineOption> ServeCommand::tlsOptions()
{
    return {
        {QStringLiteral("tls-cert"),
            QCoreApplication::translate("ServeCommand",
                "Serve HTTPS with this certificate (PEM; its chain may follow it in the file). Needs --tls-key."),
            QStringLiteral("FILE")},
        {QStringLiteral("tls-key"),
            QCoreApplication::translate(
                "ServeCommand", "The certificate's private key (PEM, not encrypted) for --tls-cert."),
            QStringLiteral("FILE")},
    };
}

void ServeCommand::printExposure(const QHostAddress& address)
{
    const bool any = address == QHostAddress(QHostAddress::AnyIPv4) || address == QHostAddress(QHostAddress::AnyIPv6)
        || address == QHostAddress(QHostAddress::Any);
    CommandLine::printError(any
            ? QCoreApplication::translate(
                "ServeCommand", "listening on all interfaces: anyone on your network can post to it")
            : QCoreApplication::translate("ServeCommand", "listening on %1: anyone on that network can post to it")
                  .arg(address.toString()));
}

void ServeCommand::watchChecks(const QString& command, bool shapesRead, ProviderChecks& checks)
{
    if (!shapesRead) {
        CommandLine::printError(QCoreApplication::translate(
            "ServeCommand", "%1: the learned data shapes were not read, learning them again: %2")
                                    .arg(command, checks.errorString()));
    }
    QObject::connect(&checks, &ProviderChecks::shapesSaveFailed, [command](const QString& error) {
        CommandLine::printError(
            QCoreApplication::translate("ServeCommand", "%1: the learned data shapes were not saved: %2")
                .arg(command, error));
    });
    QObject::connect(&checks, &ProviderChecks::seenChannelsRead, [command](const QString& error) {
        if (!error.isEmpty()) {
            CommandLine::printError(QCoreApplication::translate(
                "ServeCommand", "%1: the ledger rule knows only the channels that arrive from now on: %2")
                                        .arg(command, error));
        }
    });
    // The ledger rule needs the channels each environment delivered before: read in the
    // background, as the window's catalog counts them.
    checks.readSeenChannels();
}

int ServeCommand::run(const QStringList& arguments, bool forward)
{
    const QString command = forward ? QStringLiteral("forward") : QStringLiteral("serve");
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("bind"),
            QCoreApplication::translate("ServeCommand",
                "The IP address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every interface)."),
            QStringLiteral("ADDR")},
        {QStringLiteral("port"),
            QCoreApplication::translate(
                "ServeCommand", "The TCP port to listen on (default 8787); 0 picks a free one, printed when ready."),
            QStringLiteral("N")},
        {QStringLiteral("db"),
            QCoreApplication::translate(
                "ServeCommand", "The history database file (default: history.sqlite in the user's data folder)."),
            QStringLiteral("FILE")},
        {QStringLiteral("max-body"),
            QCoreApplication::translate("ServeCommand",
                "The largest request body accepted, in bytes or with a k, M or G suffix (default 32M); a larger one is "
                "answered 413."),
            QStringLiteral("BYTES")},
    });
    parser.addOptions(tlsOptions());
    ScriptOptions::addTo(parser);
    RetentionOptions::addTo(parser);
    SignatureOptions::addTo(parser);
    if (forward) {
        TargetOptions::addTo(parser);
        parser.addOption({QStringLiteral("yes"),
            QCoreApplication::translate("ServeCommand",
                "Also forward events of one environment to a target marked as the other; without it they are held "
                "back.")});
    }
    if (!CommandLine::parse(parser, command, arguments)) {
        return parser.isSet(QStringLiteral("help")) ? CommandLine::Ok : CommandLine::Usage;
    }
    ServerConfig config;
    if (!readConfig(parser, config)) {
        return CommandLine::Usage;
    }
    QString scriptError;
    RetentionPolicy retentionPolicy;
    if (!ScriptOptions::read(parser, &config, &scriptError) || !SignatureOptions::read(parser, &config, &scriptError)
        || !RetentionOptions::read(parser, &retentionPolicy, &scriptError)) {
        CommandLine::printError(QStringLiteral("%1: %2").arg(command, scriptError));
        return CommandLine::Usage;
    }
    ResendOptions forwarding;
    QString targetError;
    if (forward
        && (!TargetOptions::read(parser, &forwarding, &targetError)
            || !TargetOptions::readSecret(&forwarding, &targetError))) {
        CommandLine::printError(QStringLiteral("forward: %1").arg(targetError));
        return CommandLine::Usage;
    }
    forwarding.crossEnvironments = forward && parser.isSet(QStringLiteral("yes"));
    const QString dbPath = CommandLine::databasePath(parser);
    // The window's provider checks, set up the same way, so an event gets the same problems
    // whichever of the two captured it. The learned shapes are read once the capture has checked
    // and locked the history (a history another program holds must be refused at once, and one
    // never created when the port is taken), and before "listening on" is printed.
    ProviderChecks::prepare(config, QString());
    ProviderChecks checks;
    checks.adopt(config);
    CaptureServer server(config);
    if (!server.start(dbPath)) {
        CommandLine::printError(QStringLiteral("%1: %2").arg(command, server.errorString()));
        return CommandLine::Failed;
    }
    watchChecks(command, checks.open(dbPath), checks);
    // Forwarding reads its own connection and sends from this thread; capture runs on its own
    // threads, so a slow or dead target never holds up an answer.
    std::unique_ptr<ResendJob> forwarder;
    int forwardFailures = 0;
    if (forward) {
        forwarding.target.lastUsedMs = QDateTime::currentMSecsSinceEpoch();
        TargetList::remember(forwarding.target);
        forwarder = std::make_unique<ResendJob>(dbPath, QList<qint64>(), forwarding);
        forwarder->setOpenEnded(true);
        QObject::connect(forwarder.get(), &ResendJob::delivered, [&forwardFailures](const Delivery& d) {
            forwardFailures += d.succeeded() ? 0 : 1;
            CommandLine::printOut(d.outcome() + QLatin1Char('\n'));
        });
        QObject::connect(forwarder.get(), &ResendJob::skipped, [](int count) {
            CommandLine::printError(QCoreApplication::translate(
                "ServeCommand", "forward: the target is too slow: %1 events not forwarded (still stored)")
                                        .arg(count));
        });
        QObject::connect(&server, &CaptureServer::eventsStored, forwarder.get(), &ResendJob::enqueue);
        if (!forwarder->start()) {
            CommandLine::printError(QStringLiteral("forward: %1").arg(forwarder->errorString()));
            return CommandLine::Failed;
        }
    }
    // Deletes on a thread of its own, a small batch at a time: the capture waits at most one batch.
    Retention retention;
    QObject::connect(&retention, &Retention::failed, [&command](const QString& error) {
        CommandLine::printError(
            QCoreApplication::translate("ServeCommand", "%1: retention stopped: %2").arg(command, error));
    });
    if (!retentionPolicy.isOff()) {
        retention.setPolicy(dbPath, retentionPolicy);
    }
    QObject::connect(&server, &CaptureServer::storeFailed, [&command](const QString& error) {
        CommandLine::printError(QCoreApplication::translate("ServeCommand", "%1: answering 503, events not stored: %2")
                                    .arg(command, error));
    });
    QObject::connect(&server, &CaptureServer::storeRecovered, [&command] {
        CommandLine::printError(
            QCoreApplication::translate("ServeCommand", "%1: the history can be written again; storing").arg(command));
    });
    // Each refused request on stderr, at most 10 lines a second; the printer is the server's child.
    new RefusalPrinter(&server);
    SignalWatcher signals_;
    QObject::connect(&signals_, &SignalWatcher::terminationRequested, [&server] {
        server.stop();
        QCoreApplication::quit();
    });
    const QString storing
        = QCoreApplication::translate("ServeCommand", "storing into %1; stop with Ctrl+C").arg(dbPath);
    std::fprintf(stderr, "hookscope: %s\n", storing.toLocal8Bit().constData());
    if (server.listensBeyondLoopback()) {
        printExposure(config.address);
    }
    // A contract for scripts and the benchmark (they wait for this line): never translated.
    CommandLine::printOut(QStringLiteral("listening on %1\n").arg(server.url()));
    if (forward) {
        const QString note = QCoreApplication::translate("ServeCommand", "forwarding every event to %1")
                                 .arg(forwarding.target.url.toString());
        std::fprintf(stderr, "hookscope: %s\n", note.toLocal8Bit().constData());
    }
    QCoreApplication::exec();
    return forwardFailures == 0 ? CommandLine::Ok : CommandLine::Failed;
}
