#include "FilterOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

namespace {

/// Every value of a repeatable option, each also split at commas; an empty item stays (it means "none").
QStringList listValues(const QCommandLineParser& parser, const QString& name)
{
    QStringList items;
    for (const QString& value : parser.values(name)) {
        for (const QString& item : value.split(QLatin1Char(','))) {
            items.append(item.trimmed());
        }
    }
    return items;
}

bool readTime(const QCommandLineParser& parser, const QString& name, qint64* time, QString* error)
{
    if (!parser.isSet(name)) {
        return true;
    }
    const QString value = parser.value(name);
    if (!FilterOptions::parseTime(value, time)) {
        *error = QStringLiteral("--%1 '%2' is not an ISO 8601 date or time (e.g. 2026-11-29 or 2026-11-29T10:00:00Z)")
                     .arg(name, value);
        return false;
    }
    return true;
}

} // namespace

void FilterOptions::addTo(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("channel"),
            QCoreApplication::translate("FilterOptions",
                "Only events of channel C (repeat or separate with commas; '' for events with no channel)."),
            QStringLiteral("C")},
        {QStringLiteral("action"),
            QCoreApplication::translate(
                "FilterOptions", "Only events with action A (repeat or separate with commas; '' for none)."),
            QStringLiteral("A")},
        {QStringLiteral("environment"),
            QCoreApplication::translate("FilterOptions",
                "Only events of environment E: staging, production, or other (none or unknown); repeat or use commas."),
            QStringLiteral("E")},
        {QStringLiteral("search"),
            QCoreApplication::translate(
                "FilterOptions", "Only events whose body or headers contain TEXT (ASCII letters in any case)."),
            QStringLiteral("TEXT")},
        {QStringLiteral("since"),
            QCoreApplication::translate(
                "FilterOptions", "Only events received at or after TIME (ISO 8601; UTC unless it says)."),
            QStringLiteral("TIME")},
        {QStringLiteral("until"),
            QCoreApplication::translate(
                "FilterOptions", "Only events received before TIME (ISO 8601; UTC unless it says)."),
            QStringLiteral("TIME")},
        {QStringLiteral("duplicates-only"),
            QCoreApplication::translate("FilterOptions", "Only retries: events whose idempotency key came before.")},
        {QStringLiteral("problems-only"),
            QCoreApplication::translate("FilterOptions", "Only events whose envelope has problems.")},
    });
}

bool FilterOptions::read(const QCommandLineParser& parser, EventFilter* filter, QString* error)
{
    EventFilter f;
    f.channels = listValues(parser, QStringLiteral("channel"));
    f.actions = listValues(parser, QStringLiteral("action"));
    f.environments = listValues(parser, QStringLiteral("environment"));
    f.text = parser.value(QStringLiteral("search"));
    f.duplicatesOnly = parser.isSet(QStringLiteral("duplicates-only"));
    f.problemsOnly = parser.isSet(QStringLiteral("problems-only"));
    if (!readTime(parser, QStringLiteral("since"), &f.since, error)
        || !readTime(parser, QStringLiteral("until"), &f.until, error)) {
        return false;
    }
    *filter = f;
    return true;
}

bool FilterOptions::parseTime(const QString& text, qint64* msSinceEpoch)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        return false;
    }
    // Qt reads a time without an offset as local time; the history and its export speak UTC.
    if (time.timeSpec() == Qt::LocalTime) {
        time = QDateTime(time.date(), time.time(), Qt::UTC);
    }
    *msSinceEpoch = time.toMSecsSinceEpoch();
    return true;
}
