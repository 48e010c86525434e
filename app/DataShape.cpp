#include "DataShape.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <cstring>

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The closing quote of the string whose text starts at @p p, or null when it has none: the first
/// '"' not escaped (an odd number of backslashes before it escapes it).
const char* closingQuote(const char* p, const char* end)
{
    while (p < end) {
        const auto* quote = static_cast<const char*>(std::memchr(p, '"', size_t(end - p)));
        if (!quote) {
            return nullptr;
        }
        const char* run = quote;
        while (run > p && run[-1] == '\\') {
            --run;
        }
        if ((quote - run) % 2 == 0) {
            return quote;
        }
        p = quote + 1;
    }
    return nullptr;
}

bool isIdentifier(const QString& key)
{
    if (key.isEmpty() || key.front().isDigit()) {
        return false;
    }
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('_')) {
            return false;
        }
    }
    return true;
}

} // namespace

DataShape DataShape::of(const QJsonObject& data)
{
    DataShape shape;
    for (auto it = data.constBegin(); it != data.constEnd(); ++it) {
        shape.addValue(memberPath(QStringLiteral("data"), it.key()), it.value());
    }
    return shape;
}

DataShape DataShape::ofBody(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    return of(doc.object().value(QLatin1String("data")).toObject());
}

void DataShape::addValue(const QString& path, const QJsonValue& value)
{
    m_fields[path] |= typeOf(value);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            addValue(memberPath(path, it.key()), it.value());
        }
    } else if (value.isArray()) {
        const QString elements = path + QLatin1String("[]");
        for (const QJsonValue& element : value.toArray()) {
            addValue(elements, element);
        }
    }
}

quint8 DataShape::typeOf(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return Boolean;
    case QJsonValue::Double:
        return Number;
    case QJsonValue::String:
        return String;
    case QJsonValue::Array:
        return Array;
    case QJsonValue::Object:
        return Object;
    default:
        return Null;
    }
}

QString DataShape::typeNames(quint8 types, bool article)
{
    // Stable English: these go into the problems stored with an event.
    static const struct
    {
        Type type;
        const char* bare;
        const char* withArticle;
    } names[] = {
        {String, "string", "a string"},
        {Number, "number", "a number"},
        {Boolean, "boolean", "a boolean"},
        {Object, "object", "an object"},
        {Array, "array", "an array"},
        {Null, "null", "null"},
    };
    QStringList parts;
    for (const auto& name : names) {
        if (types & name.type) {
            parts.append(QLatin1String(article ? name.withArticle : name.bare));
        }
    }
    return parts.join(QLatin1String(" or "));
}

QString DataShape::memberPath(const QString& parent, const QString& key)
{
    if (isIdentifier(key)) {
        return parent + QLatin1Char('.') + key;
    }
    // Quoted as a JSON string, so that a key holding '.', '[' or '"' never reads as a deeper path.
    QString quoted = QString::fromUtf8(QJsonDocument(QJsonArray {key}).toJson(QJsonDocument::Compact));
    return parent + quoted; // ["odd key"]
}

bool DataShape::isAncestor(const QString& ancestor, const QString& path)
{
    if (path.size() <= ancestor.size() || !path.startsWith(ancestor)) {
        return false;
    }
    const QChar next = path.at(ancestor.size());
    return next == QLatin1Char('.') || next == QLatin1Char('[');
}

QByteArray DataShape::skeleton(const QByteArray& body)
{
    // A value's text is replaced by its type letter; keys are kept as sent. For valid JSON the
    // tokens are unambiguous (a string followed by ':' is a key), so equal skeletons mean equal
    // trees up to the values, which is all a shape holds. Invalid input gives garbage, never a
    // crash: the caller parses the body anyway when the skeleton is not known. Written through a
    // pointer into a buffer the size of the body (a skeleton is never longer), strings skipped
    // with memchr: it runs for every webhook on the capture thread (see tests/bench/README.md).
    QByteArray out(body.size(), Qt::Uninitialized);
    char* o = out.data();
    const char* p = body.constData();
    const char* const end = p + body.size();
    while (p < end) {
        const char c = *p;
        if (isSpace(c)) {
            ++p;
        } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':') {
            *o++ = c;
            ++p;
        } else if (c == '"') {
            const char* const start = p + 1;
            const char* const close = closingQuote(start, end);
            if (!close) {
                return {};
            }
            const char* next = close + 1;
            while (next < end && isSpace(*next)) {
                ++next;
            }
            if (next < end && *next == ':') {
                const qsizetype length = close + 1 - p;
                std::memcpy(o, p, size_t(length));
                o += length;
            } else {
                *o++ = 's';
            }
            p = close + 1;
        } else if (c == 't' || c == 'f' || c == 'n') {
            *o++ = c == 'n' ? 'z' : 'b';
            while (p < end && *p >= 'a' && *p <= 'z') {
                ++p;
            }
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            *o++ = 'n';
            while (p < end
                && ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E')) {
                ++p;
            }
        } else {
            return {};
        }
    }
    out.truncate(o - out.constData());
    return out;
}
