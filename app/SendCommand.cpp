#include "SendCommand.h"

#include "Catalog.h"
#include "CommandLine.h"
#include "TargetOptions.h"
#include "TestEventSender.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SendCommand", text);
}

bool readNumber(const QCommandLineParser& parser, const QString& name, double low, double high, double* value)
{
    if (!parser.isSet(name)) {
        return true;
    }
    bool ok = false;
    *value = parser.value(name).toDouble(&ok);
    if (!ok || *value < low || *value > high) {
        CommandLine::printError(
            tr("send: --%1 '%2' is not a number from %3 to %4").arg(name, parser.value(name)).arg(low).arg(high));
        return false;
    }
    return true;
}

/// The channel events of --channel and --action: with no --action, every action each channel offers.
QList<TestEventSender::ChannelEvent> channelEvents(const QCommandLineParser& parser)
{
    QList<TestEventSender::ChannelEvent> events;
    for (const QString& part : parser.value(QStringLiteral("channel")).split(QLatin1Char(','))) {
        const QString channel = part.trimmed();
        const QStringList actions = parser.isSet(QStringLiteral("action"))
            ? QStringList {parser.value(QStringLiteral("action"))}
            : Catalog::builtIn().actions(channel);
        for (const QString& action : actions) {
            events.append({channel, action});
        }
        if (actions.isEmpty()) {
            events.append({channel, QString()}); // check() names the unknown channel
        }
    }
    return events;
}

bool readPlan(const QCommandLineParser& parser, TestEventSender::Plan* plan)
{
    if (!parser.isSet(QStringLiteral("channel"))) {
        CommandLine::printError(tr("send: --channel is needed (like --channel invoices --action created)"));
        return false;
    }
    QString urlError;
    plan->target = TargetOptions::targetUrl(parser.value(QStringLiteral("to")), &urlError);
    if (!plan->target.isValid()) {
        CommandLine::printError(QStringLiteral("send: %1").arg(urlError));
        return false;
    }
    plan->events = channelEvents(parser);
    plan->environment = parser.value(QStringLiteral("environment")).toUtf8();
    double count = 1, rate = 0, copies = 1, delay = 1;
    if (!readNumber(parser, QStringLiteral("count"), 1, 1000000, &count)
        || !readNumber(parser, QStringLiteral("rate"), 0, 100000, &rate)
        || !readNumber(parser, QStringLiteral("repeat-key"), 1, 1000, &copies)
        || !readNumber(parser, QStringLiteral("retry-delay"), 0, 3600, &delay)) {
        return false;
    }
    plan->count = int(count);
    plan->rate = rate;
    plan->copies = int(copies);
    plan->retryDelayMs = int(delay * 1000);
    if (parser.isSet(QStringLiteral("data-file"))) {
        QFile file(parser.value(QStringLiteral("data-file")));
        if (!file.open(QIODevice::ReadOnly)) {
            CommandLine::printError(tr("send: --data-file %1: %2").arg(file.fileName(), file.errorString()));
            return false;
        }
        plan->data = file.readAll();
    }
    const QString problem = TestEventSender::check(*plan);
    if (!problem.isEmpty()) {
        CommandLine::printError(QStringLiteral("send: %1").arg(problem));
        return false;
    }
    return true;
}

} // namespace

int SendCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("to"), tr("Where to send (default: Hookscope's own endpoint, http://127.0.0.1:8787/)."),
            QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8787/")},
        {QStringLiteral("channel"), tr("The channel, or several separated by commas (ledgers goes alone)."),
            QStringLiteral("CHANNEL")},
        {QStringLiteral("action"),
            tr("created, updated or deleted, as the channel offers (default: each action it offers in turn)."),
            QStringLiteral("ACTION")},
        {QStringLiteral("environment"), tr("staging (default) or production."), QStringLiteral("ENV"),
            QStringLiteral("staging")},
        {QStringLiteral("count"), tr("How many webhooks, each with its own key (default 1)."), QStringLiteral("N")},
        {QStringLiteral("rate"), tr("Webhooks per second (default: the next one as soon as the last is answered)."),
            QStringLiteral("R")},
        {QStringLiteral("repeat-key"),
            tr("Send each webhook K times in all under the same key, like the provider's retries (default 1)."),
            QStringLiteral("K")},
        {QStringLiteral("retry-delay"), tr("Seconds between the copies of one webhook (default 1)."),
            QStringLiteral("SECONDS")},
        {QStringLiteral("data-file"), tr("Use this JSON object as the data of every webhook."), QStringLiteral("FILE")},
    });
    if (!CommandLine::parse(parser, QStringLiteral("send"), arguments)) {
        return parser.isSet(QStringLiteral("help")) ? CommandLine::Ok : CommandLine::Usage;
    }
    TestEventSender::Plan plan;
    if (!readPlan(parser, &plan)) {
        return CommandLine::Usage;
    }
    TestEventSender sender(plan);
    QEventLoop loop;
    int failed = 0;
    QObject::connect(&sender, &TestEventSender::sent, [](const QString& event, const QString& key, const Delivery& d) {
        const QString answer = d.error.isEmpty()
            ? tr("%1 %2 in %3 ms").arg(d.status).arg(QString::fromLatin1(d.reason)).arg(d.latencyMs)
            : tr("failed: %1").arg(d.error);
        CommandLine::printOut(QStringLiteral("%1 %2 -> %3\n").arg(event, key, answer));
    });
    QObject::connect(&sender, &TestEventSender::finished, [&](int notOk) {
        failed = notOk;
        loop.quit();
    });
    sender.start();
    loop.exec();
    return failed == 0 ? CommandLine::Ok : CommandLine::Failed;
}
