#include "CsvWriter.h"

#include "NdjsonRecord.h"
#include "StoredEvent.h"

namespace {

const QLatin1String Base64Prefix("base64:");

/// OWASP's CSV injection advice: a spreadsheet runs a cell that starts with one of these as a formula.
QString defused(const QString& cell)
{
    static const QString triggers = QStringLiteral("=+-@\t\r");
    if (!cell.isEmpty() && triggers.contains(cell.front())) {
        return QLatin1Char('\'') + cell;
    }
    return cell;
}

QString quoted(const QString& cell)
{
    if (!cell.contains(QLatin1Char(',')) && !cell.contains(QLatin1Char('"')) && !cell.contains(QLatin1Char('\r'))
        && !cell.contains(QLatin1Char('\n'))) {
        return cell;
    }
    QString out = cell;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString number(qint64 n)
{
    return QString::number(n);
}

} // namespace

QStringList CsvWriter::columns()
{
    return {QStringLiteral("id"), QStringLiteral("received_at"), QStringLiteral("method"), QStringLiteral("target"),
        QStringLiteral("event"), QStringLiteral("channel"), QStringLiteral("action"), QStringLiteral("environment"),
        QStringLiteral("idempotency_key"), QStringLiteral("duplicate_of"), QStringLiteral("problems"),
        QStringLiteral("response_status"), QStringLiteral("body")};
}

QString CsvWriter::bodyCell(const QByteArray& body)
{
    const QString text = NdjsonRecord::utf8OrNull(body);
    if (text.isNull() || text.contains(QChar(0)) || text.startsWith(Base64Prefix)) {
        return Base64Prefix + QString::fromLatin1(body.toBase64());
    }
    return text;
}

QStringList CsvWriter::cells(const StoredEvent& e)
{
    return {number(e.id), NdjsonRecord::isoTime(e.receivedAtMs), QString::fromLatin1(e.method),
        NdjsonRecord::bytesAsText(e.target), e.event, e.channel, e.action, e.environment, e.idempotencyKey,
        e.duplicateOf > 0 ? number(e.duplicateOf) : QString(), e.problems.join(QLatin1String("; ")),
        number(e.responseStatus), bodyCell(e.body)};
}

QByteArray CsvWriter::row(const QStringList& cells)
{
    QString line;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            line.append(QLatin1Char(','));
        }
        line.append(quoted(defused(cells.at(i))));
    }
    line.append(QLatin1String("\r\n"));
    return line.toUtf8();
}

bool CsvWriter::begin()
{
    return put(m_out, row(columns()));
}

bool CsvWriter::write(const StoredEvent& event)
{
    return put(m_out, row(cells(event)));
}
