/// The opener used by the command line: sniffs the format of each file.
public let defaultOpener: TableOpener = { file in
    throw ReadError(file: file.name, reason: .unsupported, detail: "readers not wired yet")
}
