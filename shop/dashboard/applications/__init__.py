"""Producer applications in the dashboard: staff's review queue, and the applicant's status page."""
