#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

/**
 * @brief What changed between two bodies: by JSON path when both are JSON, by line otherwise.
 *
 * JSON is compared as data: key order, whitespace and number spelling (1 and 1.0) don't count, so
 * two bodies can differ in bytes and still hold the same data (Outcome::SameData). Changes come
 * in document order, object keys sorted, and paths are spelled as the JSON tree copies them
 * (`data.items[2].amount`, `data["weird key"]`). Array elements are aligned like lines in a text
 * diff, so an element inserted at the front reads as one addition, not as every element changed.
 *
 * Every step is bounded, so a diff can't run away on a large or pathological body: bodies over
 * MaxBodyBytes are only measured, an alignment needing more than MaxEdits insertions and
 * deletions gives up (arrays then pair their elements by index, texts report TooLarge), and at
 * most MaxEntries changes or lines are kept (changeCount still counts every one).
 */
class JsonDiff
{
public:
    static constexpr qsizetype MaxBodyBytes = 8 * 1024 * 1024;
    static constexpr int MaxEdits = 1000;
    static constexpr qsizetype MaxEntries = 1000;
    /// Lines longer than this are cut (with "…") in Line::text.
    static constexpr qsizetype MaxLineChars = 1000;
    /// Unchanged lines shown around each changed one, as in a unified diff.
    static constexpr int ContextLines = 2;

    struct Change
    {
        enum class Kind { Changed, Added, Removed, TypeChanged };
        Kind kind = Kind::Changed;
        QString path; ///< empty for the whole document
        QJsonValue before; ///< undefined for Added
        QJsonValue after; ///< undefined for Removed
    };

    struct Line
    {
        enum class Kind { Context, Removed, Added };
        Kind kind = Kind::Context;
        int beforeLine = 0; ///< 1-based line in the first text; 0 for Added
        int afterLine = 0; ///< 1-based line in the second text; 0 for Removed
        QString text; ///< without its line break
    };

    enum class Outcome {
        Same, ///< the same bytes (or, for values(), the same data)
        SameData, ///< both JSON holding the same data, spelled differently
        Json, ///< changes lists the differences
        Text, ///< lines lists the differences (the bodies are not both JSON)
        Binary, ///< the bodies differ and one of them is not UTF-8 text
        TooLarge, ///< the bodies differ, in ways too large to list
    };

    struct Result
    {
        Outcome outcome = Outcome::Same;
        QList<Change> changes;
        QList<Line> lines; ///< changed lines with their context, in order
        qsizetype changeCount = 0; ///< every change (or changed line), including those not kept
        qsizetype beforeBytes = 0;
        qsizetype afterBytes = 0;

        bool differs() const { return outcome != Outcome::Same && outcome != Outcome::SameData; }
        /// Whether changes or lines hold fewer entries than changeCount.
        bool truncated() const;
    };

    /// Compares two request bodies.
    static Result bodies(const QByteArray& before, const QByteArray& after);
    /// Compares two JSON values; paths start with @p basePath (e.g. "data").
    static Result values(const QJsonValue& before, const QJsonValue& after, const QString& basePath = QString());
    /// Compares two texts line by line.
    static Result lines(const QString& before, const QString& after);

    /// A value as compact JSON (strings quoted), cut to @p maxChars with "…".
    static QString valueText(const QJsonValue& value, qsizetype maxChars = 200);
    /// The path of @p key inside @p parentPath: `parent.key`, or `parent["odd key"]` when the key
    /// is not an identifier; just `key` at the top.
    static QString childPath(const QString& parentPath, const QString& key);
};
