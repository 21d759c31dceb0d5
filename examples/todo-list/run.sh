#!/bin/sh
echo "todo-list job: ${AWS_BATCH_JOB_ID:-local run}"
