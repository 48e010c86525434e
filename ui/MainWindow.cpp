#include "MainWindow.h"

#include "CaptureServer.h"
#include "DetailPane.h"
#include "EventActions.h"
#include "EventRowDelegate.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "TimelineController.h"
#include "TimelineWidget.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

QJsonObject filterToJson(const EventFilter& f)
{
    return QJsonObject {{QStringLiteral("channels"), QJsonArray::fromStringList(f.channels)},
        {QStringLiteral("actions"), QJsonArray::fromStringList(f.actions)},
        {QStringLiteral("environments"), QJsonArray::fromStringList(f.environments)}, {QStringLiteral("text"), f.text},
        {QStringLiteral("duplicatesOnly"), f.duplicatesOnly}, {QStringLiteral("problemsOnly"), f.problemsOnly}};
}

QStringList stringList(const QJsonValue& value)
{
    QStringList out;
    for (const QJsonValue& v : value.toArray()) {
        out.append(v.toString());
    }
    return out;
}

EventFilter filterFromJson(const QJsonObject& o)
{
    EventFilter f;
    f.channels = stringList(o.value(QStringLiteral("channels")));
    f.actions = stringList(o.value(QStringLiteral("actions")));
    f.environments = stringList(o.value(QStringLiteral("environments")));
    f.text = o.value(QStringLiteral("text")).toString();
    f.duplicatesOnly = o.value(QStringLiteral("duplicatesOnly")).toBool();
    f.problemsOnly = o.value(QStringLiteral("problemsOnly")).toBool();
    return f;
}

} // namespace

MainWindow::MainWindow(CaptureServer* server, EventTableModel* model, QWidget* parent)
    : QMainWindow(parent)
    , m_server(server)
    , m_model(model)
    , m_filterBar(new FilterBar(this))
    , m_table(new QTableView(this))
    , m_detail(new DetailPane(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_actions(nullptr)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Hookscope"));
    m_table->setObjectName(QStringLiteral("eventTableView"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new EventRowDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_actions = new EventActions(m_table, m_model, [this] { return m_server->url(); });

    buildToolBar();
    buildBanner();
    m_timeline = new TimelineWidget(this);
    m_timelineController = new TimelineController(m_timeline, this);
    m_timelineController->open(m_server->databasePath()); // set even when start() failed
    m_timelineDelay = new QTimer(this);
    m_timelineDelay->setSingleShot(true);
    m_timelineDelay->setInterval(300);
    connect(
        m_timelineDelay, &QTimer::timeout, this, [this] { m_timelineController->setFilter(m_pendingTimelineFilter); });
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(4, 4, 4, 0);
    topLayout->addWidget(m_banner);
    topLayout->addWidget(m_filterBar);
    topLayout->addWidget(m_timeline);
    topLayout->addWidget(m_table, 1);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    setCentralWidget(m_splitter);

    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_filterBar, &FilterBar::focusSearch);
    auto* clear = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this);
    connect(clear, &QShortcut::activated, m_filterBar, &FilterBar::clear);

    connect(m_filterBar, &FilterBar::filterChanged, this, &MainWindow::applyFilter);
    connect(m_timeline, &TimelineWidget::rangeSelected, this, &MainWindow::applyFilter);
    connect(m_timeline, &TimelineWidget::rangeCleared, this, &MainWindow::applyFilter);
    connect(m_actions, &EventActions::historyChanged, m_timelineController, &TimelineController::refresh);
    connect(m_model, &EventTableModel::countsChanged, this, &MainWindow::updateCounts);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::showSelected);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followAction->isChecked()) {
            m_table->scrollToTop();
        }
    });
    // Under full ingest the writer commits hundreds of groups a second: the views catch up at most
    // ten times a second, so the GUI thread stays responsive (measured stalls: see tests/bench).
    m_arrivals = new QTimer(this);
    m_arrivals->setSingleShot(true);
    m_arrivals->setInterval(100);
    connect(m_arrivals, &QTimer::timeout, this, &MainWindow::showArrivals);
    connect(m_server, &CaptureServer::eventsStored, this, &MainWindow::countArrivals);

    auto* second = new QTimer(this);
    connect(second, &QTimer::timeout, this, [this] {
        m_rate = m_arrivedThisSecond;
        m_arrivedThisSecond = 0;
        updateCounts();
    });
    second->start(1000);

    restoreSettings();
    refreshCaptureState();
    updateCounts();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildToolBar()
{
    QToolBar* bar = addToolBar(tr("Capture"));
    bar->setObjectName(QStringLiteral("captureToolBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr("Endpoint:"), bar));
    m_endpoint = new QLineEdit(bar);
    m_endpoint->setObjectName(QStringLiteral("endpointLineEdit"));
    m_endpoint->setReadOnly(true);
    m_endpoint->setMinimumWidth(
        m_endpoint->fontMetrics().horizontalAdvance(QStringLiteral("http://127.0.0.1:65535/ ")));
    bar->addWidget(m_endpoint);
    QAction* copy = bar->addAction(tr("Copy"));
    copy->setObjectName(QStringLiteral("copyEndpointAction"));
    copy->setToolTip(tr("Copy the endpoint URL"));
    connect(copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(m_endpoint->text()); });
    m_captureAction = bar->addAction(tr("Capturing"));
    m_captureAction->setObjectName(QStringLiteral("captureAction"));
    m_captureAction->setCheckable(true);
    connect(m_captureAction, &QAction::toggled, this, [this](bool on) {
        if (on && !m_server->isRunning()) {
            startCapture();
        } else if (!on && m_server->isRunning()) {
            m_server->stop();
            updateEndpoint();
        }
    });
    m_followAction = bar->addAction(tr("Follow newest"));
    m_followAction->setObjectName(QStringLiteral("followAction"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    bar->addSeparator();
    m_counts = new QLabel(bar);
    m_counts->setObjectName(QStringLiteral("countsLabel"));
    m_counts->setTextFormat(Qt::PlainText);
    bar->addWidget(m_counts);
}

void MainWindow::buildBanner()
{
    m_banner = new QWidget(this);
    m_banner->setObjectName(QStringLiteral("captureBanner"));
    auto* layout = new QHBoxLayout(m_banner);
    layout->setContentsMargins(0, 0, 0, 0);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("bannerLabel"));
    m_bannerText->setTextFormat(Qt::PlainText);
    m_bannerText->setWordWrap(true);
    m_bannerButton = new QPushButton(tr("Use a free port"), m_banner);
    m_bannerButton->setObjectName(QStringLiteral("freePortButton"));
    layout->addWidget(m_bannerText, 1);
    layout->addWidget(m_bannerButton);
    connect(m_bannerButton, &QPushButton::clicked, this, &MainWindow::useFreePort);
    m_banner->hide();
}

bool MainWindow::startCapture()
{
    m_server->start(m_server->databasePath());
    refreshCaptureState();
    return m_server->isRunning();
}

void MainWindow::refreshCaptureState()
{
    const bool running = m_server->isRunning();
    if (running || m_server->errorString().isEmpty()) {
        m_banner->hide();
    } else {
        m_bannerText->setText(tr("Not capturing: %1").arg(m_server->errorString()));
        m_banner->show();
    }
    const QSignalBlocker block(m_captureAction);
    m_captureAction->setChecked(running);
    updateEndpoint();
}

void MainWindow::useFreePort()
{
    ServerConfig config = m_server->config();
    config.port = 0;
    m_server->setConfig(config);
    startCapture();
}

void MainWindow::updateEndpoint()
{
    m_endpoint->setText(m_server->isRunning() ? m_server->url() : tr("not capturing"));
}

void MainWindow::updateCounts()
{
    m_counts->setText(tr("%1 events · %2 shown · %3 duplicates · %4/s")
                          .arg(m_model->totalCount())
                          .arg(m_model->rowCount())
                          .arg(m_model->duplicateCount())
                          .arg(m_rate));
}

void MainWindow::countArrivals(const QList<qint64>& ids)
{
    m_arrivedThisSecond += ids.size();
    m_arrived.append(ids);
    if (!m_arrivals->isActive()) {
        m_arrivals->start();
    }
}

void MainWindow::showArrivals()
{
    const QList<qint64> ids = std::exchange(m_arrived, {});
    m_model->eventsStored(ids);
    m_timelineController->eventsStored(ids);
}

void MainWindow::applyFilter()
{
    EventFilter filter = m_filterBar->filter();
    filter.since = m_timeline->selectionSince();
    filter.until = m_timeline->selectionUntil();
    m_model->setFilter(filter);
    // The strip recounts the whole history (~0.7 s on a million events, on this thread): let the
    // table answer first, and recount once the user has stopped changing the filter.
    m_pendingTimelineFilter = filter;
    m_timelineDelay->start();
}

void MainWindow::showSelected()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    m_detail->setEvent(m_model->event(m_model->eventId(current.row())));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        resize(1200, 800);
    }
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (!m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/columns")).toByteArray())) {
        // First launch: room for a whole timestamp, event name and key.
        const QFontMetrics metrics = m_table->fontMetrics();
        const auto widthOf
            = [&metrics](const char* sample) { return metrics.horizontalAdvance(QString::fromLatin1(sample)) + 16; };
        m_table->setColumnWidth(EventTableModel::Time, widthOf("2026-11-29 01:53:00.000"));
        m_table->setColumnWidth(EventTableModel::Method, widthOf("DELETE"));
        m_table->setColumnWidth(EventTableModel::Path, widthOf("/webhooks/provider"));
        m_table->setColumnWidth(EventTableModel::Event, widthOf("invoice_online_payments.created"));
        m_table->setColumnWidth(EventTableModel::Environment, widthOf("production") + 16); // shown in bold
        m_table->setColumnWidth(EventTableModel::Key, widthOf("26053e97-f78a-4d25-a519-4eed22ba5c41"));
        m_table->setColumnWidth(EventTableModel::Size, widthOf("1023.9 KB"));
        m_table->setColumnWidth(EventTableModel::Status, widthOf("Status"));
    }
    const QByteArray filter = settings.value(QStringLiteral("window/filter")).toByteArray();
    if (!filter.isEmpty()) {
        m_filterBar->setFilter(filterFromJson(QJsonDocument::fromJson(filter).object()));
    }
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/columns"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("window/filter"),
        QJsonDocument(filterToJson(m_filterBar->filter())).toJson(QJsonDocument::Compact));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}
