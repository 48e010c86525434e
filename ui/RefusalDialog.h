#pragma once

#include <QDialog>

class CaptureServer;
class QLabel;
class QTreeWidget;

/**
 * The requests the endpoint refused without storing them, newest first: time, remote, status,
 * reason, method and target, all plain text (the sender chose most of it). Follows new refusals
 * while open.
 */
class RefusalDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RefusalDialog(CaptureServer* server, QWidget* parent = nullptr);

private:
    enum Column { TimeColumn, RemoteColumn, StatusColumn, ReasonColumn, MethodColumn, TargetColumn, ColumnCount };

    void refresh();

    CaptureServer* m_server;
    QLabel* m_summary;
    QTreeWidget* m_list;
};
