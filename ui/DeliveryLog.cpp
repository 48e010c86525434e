#include "DeliveryLog.h"

#include "DeliveryAnswerView.h"
#include "DeliveryListModel.h"
#include "EventStore.h"
#include "HistoryWorker.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {

struct LogRead
{
    QList<Delivery> deliveries;
    QString error;
};

} // namespace

DeliveryLog::DeliveryLog(Source source, QWidget* parent)
    : QWidget(parent)
    , m_source(source)
    , m_status(new QLabel(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_table(new QTableView(this))
    , m_model(new DeliveryListModel(MaxRows, this))
    , m_answer(new DeliveryAnswerView(this))
{
    if (source == Source::History) {
        m_worker = new HistoryWorker(QStringLiteral("delivery log"), this);
    }
    m_status->setObjectName(QStringLiteral("deliveryLogStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_refresh->setObjectName(QStringLiteral("deliveryLogRefreshButton"));
    m_refresh->setVisible(source == Source::History);
    connect(m_refresh, &QPushButton::clicked, this, &DeliveryLog::refresh);
    m_table->setObjectName(QStringLiteral("deliveryLogTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(tr("Double-click an attempt to select its event."));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_answer);
    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DeliveryLog::showCurrent);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const qint64 id = index.data(DeliveryListModel::EventIdRole).toLongLong();
        if (id > 0) {
            emit eventRequested(id);
        }
    });
    setStatus(source == Source::History ? tr("The newest attempts across all events.")
                                        : tr("Not forwarding: turn on Forward in the toolbar."));
    showCurrent();
}

void DeliveryLog::setHistoryPath(const QString& path)
{
    m_path = path;
    // A hidden log reads the history once it is shown (refresh()), not at the window's start.
    if (isVisible()) {
        refresh();
    } else {
        clear();
    }
}

void DeliveryLog::refresh()
{
    if (m_source != Source::History) {
        return;
    }
    const quint64 generation = ++m_generation;
    m_arrivedWhileReading.clear();
    m_reading = !m_path.isEmpty();
    if (m_path.isEmpty()) {
        m_model->clear();
        return;
    }
    m_worker->run(
        [worker = m_worker, path = m_path] {
            LogRead read;
            if (EventStore* store = worker->store(path, &read.error)) {
                read.deliveries = store->recentDeliveries(MaxRows);
                read.error = store->errorString();
            }
            return read;
        },
        [this, generation](const LogRead& read) {
            if (generation != m_generation) {
                return;
            }
            if (read.deliveries.isEmpty() && !read.error.isEmpty()) {
                setStatus(tr("The delivery log could not be read: %1").arg(read.error));
            }
            m_reading = false;
            m_model->setDeliveries(read.deliveries);
            // Those recorded while it read, unless it read them too (the model skips known ids).
            for (const Delivery& d : std::exchange(m_arrivedWhileReading, {})) {
                m_model->prepend(d);
            }
            showCurrent();
        });
}

void DeliveryLog::deliveryRecorded(const Delivery& delivery)
{
    m_model->prepend(delivery);
    if (m_reading) {
        m_arrivedWhileReading.append(delivery); // the read's answer replaces the rows
    }
}

void DeliveryLog::clear()
{
    ++m_generation;
    m_reading = false;
    m_arrivedWhileReading.clear();
    m_model->clear();
    showCurrent();
}

void DeliveryLog::setStatus(const QString& text)
{
    m_status->setText(text);
}

int DeliveryLog::count() const
{
    return m_model->rowCount();
}

void DeliveryLog::showCurrent()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_answer->showMessage(tr("Select an attempt to see the target's answer."));
        return;
    }
    m_answer->setDelivery(m_model->delivery(current.row()));
}
