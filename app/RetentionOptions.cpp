#include "RetentionOptions.h"

#include "RetentionPolicy.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RetentionOptions", text);
}

bool readCount(const QCommandLineParser& parser, const char* name, qint64 max, qint64* value, QString* error)
{
    const QString option = QLatin1String(name);
    if (!parser.isSet(option)) {
        return true;
    }
    bool ok = false;
    *value = parser.value(option).toLongLong(&ok);
    if (!ok || *value < 0 || *value > max) {
        *error = tr("--%1 '%2' is not a whole number from 0 to %3").arg(option, parser.value(option)).arg(max);
        return false;
    }
    return true;
}

} // namespace

void RetentionOptions::addTo(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("keep-events"),
            tr("Keep at most the newest N events: older ones are deleted now and every minute (0: any number)."),
            QStringLiteral("N")},
        {QStringLiteral("keep-days"),
            tr("Delete events received more than N days ago, now and every minute (0: any age)."), QStringLiteral("N")},
    });
}

bool RetentionOptions::read(const QCommandLineParser& parser, RetentionPolicy* policy, QString* error)
{
    qint64 days = 0;
    // 100 years of days: beyond that the cut-off would be before the epoch.
    if (!readCount(parser, "keep-events", 1000000000000, &policy->keepEvents, error)
        || !readCount(parser, "keep-days", 36500, &days, error)) {
        return false;
    }
    policy->keepDays = static_cast<int>(days);
    return true;
}
