#pragma once

#include "DataShape.h"

#include <QMap>
#include <QString>
#include <QStringList>

/**
 * @brief What Hookscope expects the `data` of one channel event to look like, learned from the
 * events it received and the shapes the user accepted: each field path with the JSON types it has
 * had and in how many of those events it appeared.
 *
 * A field that appeared in every one of them is required (its absence is a change); one that
 * appeared in some is optional. Stored in the history's data_shapes table (EventStore).
 */
struct LearnedShape
{
    struct Field
    {
        quint8 types = 0; ///< DataShape::Type bits
        qint64 seen = 0; ///< events that had the field
        bool operator==(const Field& other) const { return types == other.types && seen == other.seen; }
    };

    QString channel;
    QString action;
    qint64 events = 0; ///< events learned from, accepted ones included
    QMap<QString, Field> fields;
    qint64 updatedAtMs = 0;

    /// Takes @p shape in as one more expected event: its fields and types become expected, the
    /// fields it lacks optional.
    void learn(const DataShape& shape);
    bool isRequired(const QString& path) const;
    /// What @p shape changes against this one, in path order ("data.amount is a number (expected
    /// string)", "data.notes is new", "data.client is missing"); empty when it fits.
    QStringList changes(const DataShape& shape) const;
    /// The stable English problem for @p changes: "shape: data.amount is a number (expected
    /// string); data.notes is new", at most MaxChangesShown of them named.
    static QString problem(const QStringList& changes);
    static constexpr int MaxChangesShown = 8;

    /// fields as the JSON text stored with it: {"data.amount": [types, seen], ...}.
    QByteArray fieldsJson() const;
    /// Reads fieldsJson(); false when @p json is not such a text.
    bool readFieldsJson(const QByteArray& json);

    bool operator==(const LearnedShape& other) const
    {
        return channel == other.channel && action == other.action && events == other.events && fields == other.fields;
    }
};
