"""A first plan in one pass: most valuable ceremonies first, each in its best wave with room."""

from __future__ import annotations

from jahesh.planner.flow import Board
from jahesh.planner.indexing import Candidate, Index


def place_locks(index: Index, board: Board) -> None:
    """Put every locked ceremony where its lock says (validation has already checked it)."""
    for cid, lock in index.problem.locks.items():
        i = index.ceremony_pos[cid]
        wave = index.wave_pos[lock.wave]
        day = index.wave_day_ordinals[wave].index(lock.day.toordinal())
        board.place(i, (wave, day, lock.slot))


def ranked_candidates(index: Index, i: int) -> list[Candidate]:
    """Return the ceremony's waves, best first, counting the bonus of staying where it was."""
    cands = list(index.candidates[i])
    previous = index.problem.previous.get(index.ceremonies[i].id)
    if previous is None:
        return cands
    stay = index.wave_pos.get(previous.wave)
    bonus = index.problem.weights.change
    cands.sort(key=lambda cand: -(cand.best_value + (bonus if cand.wave == stay else 0.0)))
    return cands


def greedy_board(index: Index) -> Board:
    """Seat ceremonies one by one, most valuable first, without ever moving a placed one."""
    board = Board(index)
    place_locks(index, board)
    free = [
        i
        for i in range(len(index.ceremonies))
        if i not in index.locked_positions and index.candidates[i]
    ]
    free.sort(key=lambda i: (-index.candidates[i][0].best_value, i))
    for i in free:
        for cand in ranked_candidates(index, i):
            if board.find_seat(i, cand.wave, cand.days, augment=False):
                break
    return board


def fill_board(index: Index, board: Board, pending: list[int]) -> None:
    """Try to seat ``pending`` ceremonies in any wave with room (after the optimiser's plan)."""
    for i in sorted(pending, key=lambda i: -index.candidates[i][0].best_value):
        if i in board.seat_of:
            continue
        for cand in ranked_candidates(index, i):
            if board.find_seat(i, cand.wave, cand.days):
                break
