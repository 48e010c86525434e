#pragma once

#include "Delivery.h"

#include <QWidget>

class DeliveryAnswerView;
class DeliveryListModel;
class HistoryWorker;
class QLabel;
class QPushButton;
class QTableView;

/// A delivery log: the newest attempts across all events (read from the history, then kept up as
/// resends and forwarding record more), or, for a forwarding session, only what it recorded.
/// Selecting an attempt shows the target's answer; double-clicking it selects its event.
class DeliveryLog : public QWidget
{
    Q_OBJECT

public:
    enum class Source {
        History, ///< EventStore::recentDeliveries, then every attempt recorded
        Session, ///< only the attempts handed to deliveryRecorded() since clear()
    };

    explicit DeliveryLog(Source source, QWidget* parent = nullptr);

    static constexpr int MaxRows = 500;

    void setHistoryPath(const QString& path);
    /// Reads the newest attempts from the history again (Source::History).
    void refresh();
    void deliveryRecorded(const Delivery& delivery);
    void clear();
    /// A line above the list (the forwarding session's target and counts).
    void setStatus(const QString& text);
    int count() const;
    QTableView* table() const { return m_table; }

signals:
    void eventRequested(qint64 id);

private:
    void showCurrent();

    Source m_source;
    QString m_path;
    quint64 m_generation = 0;
    bool m_reading = false; ///< a read of the history is under way
    QList<Delivery> m_arrivedWhileReading;
    HistoryWorker* m_worker = nullptr;
    QLabel* m_status;
    QPushButton* m_refresh;
    QTableView* m_table;
    DeliveryListModel* m_model;
    DeliveryAnswerView* m_answer;
};
