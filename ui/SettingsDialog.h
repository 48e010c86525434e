#pragma once

#include "AppSettings.h"

#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

/**
 * The Settings dialog: where the endpoint listens, its body limit, HTTPS (a certificate and key,
 * or a local one generated here), the history file and how much of it to keep. It refuses what cannot work (not an IP
 * address, a history that cannot be opened) with a message in the dialog, and warns when the endpoint would be
 * reachable from other machines.
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    using ChooseFile = std::function<QString(const QString& current)>;

    explicit SettingsDialog(QWidget* parent = nullptr);

    /// Fills the form with the settings in use.
    void setSettings(const AppSettings& settings);
    /// What the form holds; use it once accept() has let the dialog close.
    AppSettings settings() const;
    /// Options given on the command line for this run ("--port", "--db"): said in the dialog.
    void setCommandLineOptions(const QStringList& options);
    /// Picks the history file for "Browse…"; a file dialog unless a test answers instead.
    void setFileChooser(ChooseFile chooser) { m_chooseFile = std::move(chooser); }

    /// The first reason the form cannot be applied, empty when it can (a new history file is
    /// opened, and created when missing, to find out).
    QString problem() const;
    /// Closes the dialog only when problem() is empty; shows the problem otherwise.
    void accept() override;

private:
    QWidget* buildDatabaseRow();
    QWidget* buildRetention();
    QWidget* buildTls();
    void browse();
    /// "Generate a local certificate": a self-signed pair next to the history, filled in.
    void generateCertificate();
    void updateExposure();

    QLineEdit* m_address;
    QSpinBox* m_port;
    QSpinBox* m_maxBody;
    QLineEdit* m_database;
    QPushButton* m_browse = nullptr;
    QSpinBox* m_keepEvents = nullptr;
    QSpinBox* m_keepDays = nullptr;
    QLineEdit* m_tlsCertificate = nullptr;
    QLineEdit* m_tlsKey = nullptr;
    QLabel* m_tlsNote = nullptr;
    QLabel* m_exposure;
    QLabel* m_commandLine;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
    ChooseFile m_chooseFile;
    AppSettings m_shown; ///< what setSettings() showed: an untouched body limit keeps its exact bytes
};
