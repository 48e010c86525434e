#pragma once

#include "EventFilter.h"

#include <QMainWindow>

class CaptureServer;
class DetailPane;
class EventActions;
class EventTableModel;
class FilterBar;
class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTimer;
class TimelineController;
class TimelineWidget;

/**
 * @brief The inspector: endpoint and counts in the toolbar, the filter bar, the live table and
 * the selected event's details.
 *
 * It is handed the capture server and the table model; the application's start-up wires them.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(CaptureServer* server, EventTableModel* model, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts capturing (again); shows why in the window when it can't, with a way out.
    bool startCapture();
    /// Shows whether the server captures, and why not when it failed to start.
    void refreshCaptureState();
    QTableView* table() const { return m_table; }
    FilterBar* filterBar() const { return m_filterBar; }
    DetailPane* detailPane() const { return m_detail; }
    /// The table's context menu and shortcuts (copy, delete, clear).
    EventActions* eventActions() const { return m_actions; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildToolBar();
    void buildBanner();
    void updateEndpoint();
    void updateCounts();
    void showSelected();
    void countArrivals(const QList<qint64>& ids);
    void showArrivals();
    void applyFilter();
    void useFreePort();
    void restoreSettings();
    void saveSettings() const;

    CaptureServer* m_server;
    EventTableModel* m_model;
    FilterBar* m_filterBar;
    QTableView* m_table;
    DetailPane* m_detail;
    QSplitter* m_splitter;
    EventActions* m_actions;
    TimelineWidget* m_timeline = nullptr;
    TimelineController* m_timelineController = nullptr;
    QTimer* m_arrivals = nullptr; ///< coalesces eventsStored batches for the views
    QTimer* m_timelineDelay = nullptr;
    EventFilter m_pendingTimelineFilter;
    QList<qint64> m_arrived;
    QLineEdit* m_endpoint = nullptr;
    QAction* m_captureAction = nullptr;
    QAction* m_followAction = nullptr;
    QLabel* m_counts = nullptr;
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_bannerButton = nullptr;
    QString m_dbPath;
    qint64 m_arrivedThisSecond = 0;
    qint64 m_rate = 0;
};
