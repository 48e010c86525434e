#include "TextIndex.h"

#include <QStringList>

#include <sqlite3.h>

namespace {

const char Replacement[] = "\xef\xbf\xbd"; // U+FFFD in UTF-8

bool isContinuation(uchar c)
{
    return (c & 0xc0) == 0x80;
}

/// The length of the valid UTF-8 character at @p p (RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF), or 0 for NUL and for a byte that does not start one.
qsizetype characterLength(const uchar* p, qsizetype available)
{
    const uchar c = p[0];
    if (c < 0x80) {
        return c == 0 ? 0 : 1;
    }
    if (c < 0xc2 || c > 0xf4) {
        return 0;
    }
    const qsizetype length = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (available < length) {
        return 0;
    }
    // The second byte's range narrows for the leads that could start an overlong form, a
    // surrogate (ED A0..BF) or a code point above U+10FFFF.
    const uchar second = p[1];
    const uchar low = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
    const uchar high = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) {
        return 0;
    }
    for (qsizetype i = 2; i < length; ++i) {
        if (!isContinuation(p[i])) {
            return 0;
        }
    }
    return length;
}

void searchableFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    // A BLOB's bytes as they are (a TEXT value's too, in the database's UTF-8).
    const char* data = static_cast<const char*>(sqlite3_value_blob(argv[0]));
    const int size = sqlite3_value_bytes(argv[0]);
    const QByteArray text = TextIndex::searchable(QByteArray::fromRawData(data ? data : "", size));
    sqlite3_result_text64(
        context, text.isEmpty() ? "" : text.constData(), sqlite3_uint64(text.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
}

/// The characters of @p needle, one string each (a surrogate pair is one character); empty when
/// one of them cannot be in the index.
QStringList characters(const QString& needle)
{
    QStringList list;
    for (qsizetype i = 0; i < needle.size(); ++i) {
        const QChar c = needle.at(i);
        if (c.isHighSurrogate() && i + 1 < needle.size() && needle.at(i + 1).isLowSurrogate()) {
            list.append(needle.mid(i, 2));
            ++i;
        } else if (c.isSurrogate() || c.isNull()) {
            // A lone surrogate has no UTF-8 form; U+0000 ends FTS5's query string.
            return {};
        } else {
            list.append(QString(c));
        }
    }
    return list;
}

} // namespace

bool TextIndex::registerFunctions(sqlite3* db)
{
    return sqlite3_create_function_v2(db, SearchableFunction, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
               nullptr, searchableFunction, nullptr, nullptr, nullptr)
        == SQLITE_OK;
}

QByteArray TextIndex::searchable(const QByteArray& bytes)
{
    const auto* p = reinterpret_cast<const uchar*>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    qsizetype length = 0;
    // Most bodies and header blocks are valid UTF-8 without NUL: returned as they are, no copy.
    while (i < size && (length = characterLength(p + i, size - i)) > 0) {
        i += length;
    }
    if (i == size) {
        return bytes;
    }
    QByteArray text;
    text.reserve(size + 16);
    text.append(bytes.constData(), i);
    while (i < size) {
        length = characterLength(p + i, size - i);
        if (length == 0) {
            text.append(Replacement, 3);
            ++i;
        } else {
            text.append(bytes.constData() + i, length);
            i += length;
        }
    }
    return text;
}

QString TextIndex::matchExpression(const QString& needle)
{
    const QStringList chars = characters(needle);
    if (chars.size() < MinNeedleLength) {
        return {};
    }
    // Trigram i starts at character i; of many, a spread from the first to the last.
    const qsizetype trigrams = chars.size() - 2;
    const qsizetype picks = qMin<qsizetype>(trigrams, MaxTrigrams);
    QStringList terms;
    for (qsizetype k = 0; k < picks; ++k) {
        const qsizetype i = picks == 1 ? 0 : k * (trigrams - 1) / (picks - 1);
        QString trigram = chars.at(i) + chars.at(i + 1) + chars.at(i + 2);
        // A quoted FTS5 string: only '"' is special inside it (doubled); AND, NEAR, '*', ':' are text.
        const QString term
            = QLatin1Char('"') + trigram.replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
        if (!terms.contains(term)) {
            terms.append(term);
        }
    }
    return terms.join(QLatin1String(" AND "));
}
