#include "DeliveriesView.h"

#include "DeliveryAnswerView.h"
#include "DeliveryListModel.h"
#include "EventStore.h"
#include "HistoryWorker.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {

/// Attempts listed per event: the newest ones; older attempts stay in the history.
constexpr int MaxPerEvent = 100;

/// What a background read answers.
struct DeliveryRead
{
    QList<Delivery> deliveries;
    QString error;
};

} // namespace

DeliveriesView::DeliveriesView(QWidget* parent)
    : QWidget(parent)
    , m_worker(new HistoryWorker(QStringLiteral("deliveries"), this))
    , m_message(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_table(new QTableView(m_splitter))
    , m_model(new DeliveryListModel(MaxPerEvent, this))
    , m_answer(new DeliveryAnswerView(m_splitter))
{
    m_message->setObjectName(QStringLiteral("deliveriesMessageLabel"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_table->setObjectName(QStringLiteral("deliveriesTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->hideColumn(DeliveryListModel::EventColumn); // always this event
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_answer);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(m_splitter, 1);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DeliveriesView::showCurrent);
    clear();
}

void DeliveriesView::setHistoryPath(const QString& path)
{
    m_path = path;
}

int DeliveriesView::count() const
{
    return m_model->rowCount();
}

void DeliveriesView::clear()
{
    ++m_generation;
    m_eventId = 0;
    m_model->clear();
    showMessage(tr("Select an event to see its deliveries."));
    emit countChanged(0);
}

void DeliveriesView::setEvent(qint64 id)
{
    if (id <= 0) {
        clear();
        return;
    }
    m_eventId = id;
    load();
}

void DeliveriesView::load()
{
    const quint64 generation = ++m_generation;
    if (m_path.isEmpty()) {
        m_model->clear();
        showMessage(tr("No history to read the deliveries from."));
        emit countChanged(0);
        return;
    }
    m_worker->run(
        [worker = m_worker, path = m_path, id = m_eventId] {
            DeliveryRead read;
            if (EventStore* store = worker->store(path, &read.error)) {
                read.deliveries = store->deliveries(id, MaxPerEvent);
                read.error = store->errorString();
            }
            return read;
        },
        [this, generation](const DeliveryRead& read) {
            if (generation != m_generation) {
                return; // another event was selected meanwhile
            }
            if (read.deliveries.isEmpty() && !read.error.isEmpty()) {
                m_model->clear();
                showMessage(tr("The deliveries could not be read: %1").arg(read.error));
                emit countChanged(0);
                return;
            }
            showList(read.deliveries);
        });
}

void DeliveriesView::showList(const QList<Delivery>& deliveries)
{
    m_model->setDeliveries(deliveries);
    emit countChanged(m_model->rowCount());
    if (deliveries.isEmpty()) {
        showMessage(tr("Not resent yet. Resend it (Ctrl+R) to see the target's answer here."));
        return;
    }
    m_message->hide();
    m_splitter->show();
    m_table->selectRow(0);
    showCurrent();
}

void DeliveriesView::deliveryRecorded(const Delivery& delivery)
{
    if (delivery.eventId != m_eventId || m_eventId == 0) {
        return;
    }
    if (delivery.id != 0) {
        // Stored: read the list again, so that a read still under way can't leave it out.
        load();
        return;
    }
    m_model->prepend(delivery);
    m_message->hide();
    m_splitter->show();
    m_table->selectRow(0);
    showCurrent();
    emit countChanged(m_model->rowCount());
}

void DeliveriesView::showCurrent()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_answer->showMessage(tr("Select a delivery to see the target's answer."));
        return;
    }
    m_answer->setDelivery(m_model->delivery(current.row()));
}

void DeliveriesView::showMessage(const QString& message)
{
    m_message->setText(message);
    m_message->show();
    m_splitter->hide();
}
