#include "ResendCommand.h"

#include "CommandLine.h"
#include "EventStore.h"
#include "ResendGuard.h"
#include "ResendJob.h"
#include "TargetList.h"
#include "TargetOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ResendCommand", text);
}

/// The events, in the order given; false (with the message printed) when one is not in the history
/// or crosses environments without --yes. Nothing has been sent then.
bool checkEvents(EventStore& store, const QList<qint64>& ids, const DeliveryTarget& target, bool confirmed)
{
    for (const qint64 id : ids) {
        const StoredEvent event = store.event(id);
        if (event.id == 0) {
            CommandLine::printError(tr("resend: no event #%1 in %2").arg(id).arg(store.path()));
            return false;
        }
        const QString mismatch = ResendGuard::mismatch(event.environment, target.environment);
        if (!mismatch.isEmpty() && !confirmed) {
            CommandLine::printError(
                tr("resend: #%1: %2 Nothing was sent; add --yes to send anyway.").arg(id).arg(mismatch));
            return false;
        }
    }
    return true;
}

} // namespace

bool ResendCommand::parseIds(const QString& text, QList<qint64>* ids)
{
    ids->clear();
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id <= 0) {
            return false;
        }
        ids->append(id);
    }
    return !ids->isEmpty();
}

int ResendCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("db"), tr("The history database file (default: history.sqlite in the user's data folder)."),
            QStringLiteral("FILE")},
        {QStringLiteral("id"), tr("The stored events to send, by id: N or N,M,..."), QStringLiteral("IDS")},
        {QStringLiteral("yes"),
            tr("Send events of one environment to a target marked as the other; without it such a resend is refused "
               "and nothing is sent.")},
    });
    TargetOptions::addTo(parser);
    if (!CommandLine::parse(parser, QStringLiteral("resend"), arguments)) {
        return parser.isSet(QStringLiteral("help")) ? CommandLine::Ok : CommandLine::Usage;
    }
    QList<qint64> ids;
    if (!parser.isSet(QStringLiteral("id")) || !parseIds(parser.value(QStringLiteral("id")), &ids)) {
        CommandLine::printError(tr("resend: --id needs event ids, like --id 12 or --id 12,13"));
        return CommandLine::Usage;
    }
    ResendOptions options;
    QString error;
    if (!TargetOptions::read(parser, &options, &error)) {
        CommandLine::printError(QStringLiteral("resend: %1").arg(error));
        return CommandLine::Usage;
    }
    const QString dbPath = CommandLine::databasePath(parser);
    {
        EventStore store;
        if (!store.open(dbPath, EventStore::OpenMode::MustExist)) {
            CommandLine::printError(QStringLiteral("resend: %1").arg(store.errorString()));
            return CommandLine::Failed;
        }
        if (!checkEvents(store, ids, options.target, parser.isSet(QStringLiteral("yes")))) {
            return CommandLine::Usage;
        }
    }
    if (!TargetOptions::readSecret(&options, &error)) {
        CommandLine::printError(QStringLiteral("resend: %1").arg(error));
        return CommandLine::Failed;
    }
    options.target.lastUsedMs = QDateTime::currentMSecsSinceEpoch();
    TargetList::remember(options.target);

    ResendJob job(dbPath, ids, options);
    QEventLoop loop;
    int failed = 0;
    QObject::connect(
        &job, &ResendJob::delivered, [](const Delivery& d) { CommandLine::printOut(d.outcome() + QLatin1Char('\n')); });
    QObject::connect(&job, &ResendJob::finished, [&](int, int notOk, int) {
        failed = notOk;
        loop.quit();
    });
    if (!job.start()) {
        CommandLine::printError(QStringLiteral("resend: %1").arg(job.errorString()));
        return CommandLine::Failed;
    }
    loop.exec();
    return failed == 0 ? CommandLine::Ok : CommandLine::Failed;
}
