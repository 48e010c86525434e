#pragma once

#include "Delivery.h"

#include <QAbstractTableModel>

/// Attempts to send events (Delivery), newest first, as a table: the Deliveries tab of an event
/// and the delivery logs. At most maxRows() are kept; the oldest fall off the end.
class DeliveryListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, EventColumn, Target, Outcome, Latency, Key, ColumnCount };
    enum Role {
        DeliveryIdRole = Qt::UserRole + 1, ///< qint64 id of the row's delivery (0 when not stored)
        EventIdRole, ///< qint64 id of the event sent
        SucceededRole, ///< bool: a 2xx came back
    };

    explicit DeliveryListModel(int maxRows = 500, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Replaces every row with @p deliveries (newest first).
    void setDeliveries(const QList<Delivery>& deliveries);
    /// Adds @p delivery at the top (a new attempt); one with an id already listed replaces nothing.
    void prepend(const Delivery& delivery);
    void clear();
    const Delivery& delivery(int row) const { return m_rows.at(row); }
    int maxRows() const { return m_maxRows; }

    /// "200 OK", "failed: Connection refused": the outcome without the event's number.
    static QString outcomeText(const Delivery& delivery);

private:
    QList<Delivery> m_rows;
    int m_maxRows;
};
