#include "EventFilter.h"

#include "Catalog.h"
#include "TextIndex.h"

namespace {

/// "?, ?, ?" for @p count values.
QString placeholders(qsizetype count)
{
    QString list;
    for (qsizetype i = 0; i < count; ++i) {
        list.append(i == 0 ? QLatin1String("?") : QLatin1String(", ?"));
    }
    return list;
}

/// The envelope stores an absent field as NULL; '' is matched too, for rows written by other code.
QString absent(const QString& column)
{
    return QStringLiteral("%1 IS NULL OR %1 = ''").arg(column);
}

/// "(column IN (?, ...) OR column IS NULL ...)" for a list where "" stands for "absent".
QString anyOf(const QString& column, const QStringList& wanted, QVariantList& values)
{
    QStringList named;
    bool wantAbsent = false;
    for (const QString& value : wanted) {
        if (value.isEmpty()) {
            wantAbsent = true;
        } else if (!named.contains(value)) {
            named.append(value);
        }
    }
    QStringList terms;
    if (!named.isEmpty()) {
        terms.append(QStringLiteral("%1 IN (%2)").arg(column, placeholders(named.size())));
        for (const QString& value : std::as_const(named)) {
            values.append(value);
        }
    }
    if (wantAbsent) {
        terms.append(absent(column));
    }
    return QLatin1Char('(') + terms.join(QLatin1String(" OR ")) + QLatin1Char(')');
}

/// The term for "the body or the header block contains @p text".
QString textTerm(const QString& text, qint64 afterId, EventFilter::TextSearch search, QVariantList& values)
{
    // instr() on lower() rather than CAST(... AS TEXT) LIKE: LIKE reads text up to the first NUL
    // byte, so it missed words after one in a binary body (measured on SQLite 3.40); lower()
    // keeps every byte and folds ASCII only, as the same lower() does to the bound text. There
    // are no wildcards, so '%' and '_' need no escaping. Costs ~3 us per 4 KiB event (LIKE: ~1).
    const QString exact = QStringLiteral("(instr(lower(body), lower(?)) > 0 OR instr(lower(headers), lower(?)) > 0)");
    const QString match = search == EventFilter::TextSearch::Indexed ? TextIndex::matchExpression(text) : QString();
    if (match.isNull()) {
        values << text << text;
        return exact;
    }
    // Only the candidates are compared exactly: the events the index finds, and those it does not
    // hold yet (above indexed_up_to). On 1,000,000 events a rare word took 4 s scanning every body;
    // through the index it reads the lists of its trigrams and the few events on them.
    values << match << afterId << afterId << text << text;
    return QStringLiteral("(id IN (SELECT rowid FROM events_text WHERE events_text MATCH ? AND rowid > ?"
                          " UNION ALL SELECT id FROM events"
                          " WHERE id > max(?, (SELECT indexed_up_to FROM events_text_state)))"
                          " AND %1)")
        .arg(exact);
}

} // namespace

bool EventFilter::isEmpty() const
{
    return *this == EventFilter();
}

bool EventFilter::operator==(const EventFilter& other) const
{
    return channels == other.channels && actions == other.actions && environments == other.environments
        && text == other.text && since == other.since && until == other.until && duplicatesOnly == other.duplicatesOnly
        && problemsOnly == other.problemsOnly && method == other.method && pathContains == other.pathContains;
}

EventFilter::Sql EventFilter::toSql(qint64 afterId, TextSearch search) const
{
    Sql sql;
    QStringList terms;
    // Lists use the columns' indexes (see the schema in EventStore): plain IN and IS NULL, no functions.
    if (!channels.isEmpty()) {
        terms.append(anyOf(QStringLiteral("channel"), channels, sql.values));
    }
    if (!actions.isEmpty()) {
        terms.append(anyOf(QStringLiteral("action"), actions, sql.values));
    }
    if (!environments.isEmpty()) {
        QStringList exact = environments;
        const bool other = exact.removeAll(OtherEnvironment) > 0;
        QString term = exact.isEmpty() ? QString() : anyOf(QStringLiteral("environment"), exact, sql.values);
        if (other) {
            // "Other" is what the envelope flags as a problem: anything but the catalog's environments.
            const QStringList known = Catalog::builtIn().environments();
            const QString unknown
                = QStringLiteral("environment IS NULL OR environment NOT IN (%1)").arg(placeholders(known.size()));
            for (const QString& environment : known) {
                sql.values.append(environment);
            }
            term = term.isEmpty() ? QLatin1Char('(') + unknown + QLatin1Char(')')
                                  : term.chopped(1) + QLatin1String(" OR ") + unknown + QLatin1Char(')');
        }
        terms.append(term);
    }
    if (!text.isEmpty()) {
        terms.append(textTerm(text, afterId, search, sql.values));
    }
    if (since != 0) {
        terms.append(QStringLiteral("(received_at >= ?)"));
        sql.values.append(since);
    }
    if (until != 0) {
        terms.append(QStringLiteral("(received_at < ?)"));
        sql.values.append(until);
    }
    if (duplicatesOnly) {
        terms.append(QStringLiteral("(duplicate_of IS NOT NULL)"));
    }
    if (problemsOnly) {
        // No problems is stored as '' (see EventStore's encodeProblems).
        terms.append(QStringLiteral("(problems != '')"));
    }
    if (!method.isEmpty()) {
        terms.append(QStringLiteral("(method = ?)"));
        sql.values.append(method);
    }
    if (!pathContains.isEmpty()) {
        // Both blobs: instr() compares bytes, as the path was received (it may not be UTF-8).
        terms.append(QStringLiteral("(instr(path, ?) > 0)"));
        sql.values.append(pathContains.toUtf8());
    }
    sql.where = terms.isEmpty() ? QStringLiteral("1") : terms.join(QLatin1String(" AND "));
    return sql;
}
