#pragma once

#include <QWidget>

class CaptureServer;
class QLabel;

/**
 * Warnings about capture that stay in view while they hold, above the table:
 * - the endpoint listens beyond this computer (not a loopback address): anyone on the network can
 *   post to it, and everything posted is stored;
 * - the history can't be written (the disk is full, say): requests are answered 503 until it can.
 * Each hides by itself when its cause ends (CaptureServer's signals).
 */
class CaptureWarnings : public QWidget
{
    Q_OBJECT

public:
    explicit CaptureWarnings(CaptureServer* server, QWidget* parent = nullptr);

    /// Shows what holds for the server now.
    void refresh();

private:
    CaptureServer* m_server;
    QLabel* m_exposure;
    QLabel* m_storeFailed;
};
