#include "DeliveryListModel.h"

#include "CopiesView.h"

#include <QFont>

DeliveryListModel::DeliveryListModel(int maxRows, QObject* parent)
    : QAbstractTableModel(parent)
    , m_maxRows(maxRows)
{
}

int DeliveryListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DeliveryListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DeliveryListModel::outcomeText(const Delivery& d)
{
    if (!d.error.isEmpty()) {
        return tr("failed: %1").arg(d.error);
    }
    // The reason phrase is the target's bytes: shown as Latin-1, like header values.
    return QStringLiteral("%1 %2").arg(d.status).arg(QString::fromLatin1(d.reason)).trimmed();
}

QVariant DeliveryListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const Delivery& d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return d.sentAtMs > 0 ? CopiesView::timeText(d.sentAtMs) : QString();
        case EventColumn:
            return tr("#%1").arg(d.eventId);
        case Target:
            return d.target;
        case Outcome:
            return outcomeText(d);
        case Latency:
            return d.error.isEmpty() || d.latencyMs > 0 ? tr("%1 ms").arg(d.latencyMs) : QString();
        case Key:
            return d.idempotencyKey;
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == Outcome || index.column() == Target ? data(index, Qt::DisplayRole) : QVariant();
    case Qt::FontRole:
        if (index.column() == Outcome && !d.succeeded()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case DeliveryIdRole:
        return d.id;
    case EventIdRole:
        return d.eventId;
    case SucceededRole:
        return d.succeeded();
    }
    return {};
}

QVariant DeliveryListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Time:
        return tr("Sent");
    case EventColumn:
        return tr("Event");
    case Target:
        return tr("Target");
    case Outcome:
        return tr("Answer", "the target's status or the error");
    case Latency:
        return tr("Latency");
    case Key:
        return tr("Key sent", "idempotency key");
    }
    return {};
}

void DeliveryListModel::setDeliveries(const QList<Delivery>& deliveries)
{
    beginResetModel();
    m_rows = deliveries.mid(0, m_maxRows);
    endResetModel();
}

void DeliveryListModel::prepend(const Delivery& delivery)
{
    if (delivery.id != 0) {
        for (const Delivery& listed : std::as_const(m_rows)) {
            if (listed.id == delivery.id) {
                return;
            }
        }
    }
    if (m_rows.size() >= m_maxRows) {
        const int last = static_cast<int>(m_rows.size()) - 1;
        beginRemoveRows(QModelIndex(), last, last);
        m_rows.removeLast();
        endRemoveRows();
    }
    beginInsertRows(QModelIndex(), 0, 0);
    m_rows.prepend(delivery);
    endInsertRows();
}

void DeliveryListModel::clear()
{
    if (m_rows.isEmpty()) {
        return;
    }
    beginResetModel();
    m_rows.clear();
    endResetModel();
}
