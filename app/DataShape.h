#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

class QJsonObject;
class QJsonValue;

/**
 * @brief The shape of a webhook's `data`: every field path with its JSON type, values left out.
 *
 * Paths start at `data` and are written as a script would reach them: `data.amount`,
 * `data.client.name`, `data["odd key"]`. An array is one path (`data.line_items`, an array) and
 * its elements another (`data.line_items[]`), so a list of three items has the same shape as a
 * list of five; fields of elements go below it (`data.line_items[].amount`). Elements of several
 * types give their path several types.
 */
class DataShape
{
public:
    /// JSON types as bits, so that the types a path has had combine with |.
    enum Type : quint8 {
        Null = 1,
        Boolean = 2,
        Number = 4,
        String = 8,
        Array = 16,
        Object = 32,
    };

    /// The shape of @p data.
    static DataShape of(const QJsonObject& data);
    /// The shape of the `data` object of the webhook body @p body; empty when it has none.
    static DataShape ofBody(const QByteArray& body);
    static quint8 typeOf(const QJsonValue& value);
    /// "a number", "an object", "null", "a string or null" (@p article) or "number", "string or null".
    static QString typeNames(quint8 types, bool article);
    /// The path of member @p key below @p parent: "data.amount", `data["odd key"]`.
    static QString memberPath(const QString& parent, const QString& key);
    /// Whether @p ancestor is a path above @p path (ends where a path segment of @p path starts).
    static bool isAncestor(const QString& ancestor, const QString& path);

    /**
     * A key for a cache of checked bodies: the webhook body's structure and field names with every
     * value's text left out, or null when it can't be made (not a JSON text as the provider writes
     * them). Two bodies with the same skeleton have the same shape; the reverse need not hold (a
     * list of three items and one of five have different skeletons). It reads the bytes once and
     * builds no tree, so a body seen before costs far less than parsing it (see tests/bench).
     */
    static QByteArray skeleton(const QByteArray& body);

    const QMap<QString, quint8>& fields() const { return m_fields; }
    bool isEmpty() const { return m_fields.isEmpty(); }
    bool operator==(const DataShape& other) const { return m_fields == other.m_fields; }
    bool operator!=(const DataShape& other) const { return !(*this == other); }

    /// Adds a field (tests and stored shapes).
    void add(const QString& path, quint8 types) { m_fields[path] |= types; }

private:
    void addValue(const QString& path, const QJsonValue& value);

    QMap<QString, quint8> m_fields;
};
