#include "ResendCommand.h"

#include "CommandLine.h"
#include "EventStore.h"
#include "ResendGuard.h"
#include "ResendJob.h"
#include "Secrets.h"
#include "TargetList.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ResendCommand", text);
}

QString outcome(const Delivery& d)
{
    if (!d.error.isEmpty()) {
        return tr("#%1 -> failed: %2").arg(d.eventId).arg(d.error);
    }
    return tr("#%1 -> %2 %3 in %4 ms").arg(d.eventId).arg(d.status).arg(QString::fromLatin1(d.reason)).arg(d.latencyMs);
}

bool readTarget(const QCommandLineParser& parser, DeliveryTarget* target)
{
    const QUrl url(parser.value(QStringLiteral("to")), QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        CommandLine::printError(
            tr("resend: --to '%1' is not an http:// or https:// URL").arg(parser.value(QStringLiteral("to"))));
        return false;
    }
    DeliveryTarget fresh;
    fresh.url = url;
    *target = TargetList::find(url).value_or(fresh);
    if (parser.isSet(QStringLiteral("target-environment"))) {
        const QString environment = parser.value(QStringLiteral("target-environment"));
        if (environment != QLatin1String("staging") && environment != QLatin1String("production")) {
            CommandLine::printError(
                tr("resend: --target-environment '%1' is not staging or production").arg(environment));
            return false;
        }
        target->environment = environment;
    }
    return true;
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
        {QStringLiteral("db"), tr("History database (default: in the user's data folder)."), QStringLiteral("FILE")},
        {QStringLiteral("id"), tr("The stored events to send, by id: N or N,M,..."), QStringLiteral("IDS")},
        {QStringLiteral("to"), tr("The target URL (http or https)."), QStringLiteral("URL")},
        {QStringLiteral("fresh-key"), tr("Give each event a new idempotency key (default: keep the original).")},
        {QStringLiteral("target-environment"),
            tr("Mark the target as staging or production for the guard rail (remembered)."), QStringLiteral("ENV")},
        {QStringLiteral("yes"), tr("Send events of one environment to a target marked as the other.")},
        {QStringLiteral("timeout"), tr("Seconds to wait for each answer (default 30)."), QStringLiteral("SECONDS")},
    });
    if (!CommandLine::parse(parser, QStringLiteral("resend"), arguments)) {
        return parser.isSet(QStringLiteral("help")) ? CommandLine::Ok : CommandLine::Usage;
    }
    QList<qint64> ids;
    if (!parser.isSet(QStringLiteral("id")) || !parseIds(parser.value(QStringLiteral("id")), &ids)) {
        CommandLine::printError(tr("resend: --id needs event ids, like --id 12 or --id 12,13"));
        return CommandLine::Usage;
    }
    if (!parser.isSet(QStringLiteral("to"))) {
        CommandLine::printError(tr("resend: --to URL is needed"));
        return CommandLine::Usage;
    }
    ResendOptions options;
    if (!readTarget(parser, &options.target)) {
        return CommandLine::Usage;
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600) {
            CommandLine::printError(tr("resend: --timeout '%1' is not a number of seconds (up to 3600)")
                                        .arg(parser.value(QStringLiteral("timeout"))));
            return CommandLine::Usage;
        }
        options.timeoutMs = static_cast<int>(seconds * 1000);
    }
    options.key = parser.isSet(QStringLiteral("fresh-key")) ? OutgoingRequest::Key::Fresh : OutgoingRequest::Key::Keep;
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
    if (options.target.authKind != TargetAuth::Kind::None) {
        Secrets secrets;
        const Secrets::Result secret = secrets.readNow(options.target.secretKey());
        if (!secret.ok) {
            CommandLine::printError(tr("resend: the target's secret could not be read: %1").arg(secret.message));
            return CommandLine::Failed;
        }
        options.auth.kind = options.target.authKind;
        options.auth.secret = secret.secret;
        options.auth.headerName = options.target.signatureHeader;
        options.auth.encoding = options.target.signatureEncoding;
    }
    options.target.lastUsedMs = QDateTime::currentMSecsSinceEpoch();
    TargetList::remember(options.target);

    ResendJob job(dbPath, ids, options);
    QEventLoop loop;
    int failed = 0;
    QObject::connect(
        &job, &ResendJob::delivered, [](const Delivery& d) { CommandLine::printOut(outcome(d) + QLatin1Char('\n')); });
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
