#pragma once

#include "LearnedShape.h"

#include <QAbstractTableModel>
#include <QStringList>

/**
 * @brief One channel event's data fields as a table: each field path with the JSON types the
 * newest events gave it, how often it appears in them, and what the drift check expects of it
 * (required or optional, which types), so that a field that came or went stands out.
 */
class ShapeModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Field, Types, Appears, Expected, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, ///< QString
        SeenRole, ///< qint64: sampled events with the field
        ExpectedRole, ///< bool: the drift check knows the field
    };

    explicit ShapeModel(QObject* parent = nullptr);

    /// Shows @p sampled (the history's newest events: fields and counts) against @p expected.
    void setShapes(const LearnedShape& sampled, const LearnedShape& expected);
    void clear();
    const LearnedShape& sampled() const { return m_sampled; }
    const LearnedShape& expected() const { return m_expected; }
    /// The row of @p path, -1 when it has none.
    int rowOf(const QString& path) const { return int(m_paths.indexOf(path)); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString expectedText(const QString& path) const;

    LearnedShape m_sampled;
    LearnedShape m_expected;
    QStringList m_paths; ///< sorted union of both
};
